using System.Diagnostics.Metrics;
using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guardrails.Functions.Startup;

/// <summary>
/// Application Insights for the isolated worker (when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, as the
/// template sets it): the worker's own logs with their scopes (run id, PR, budget) as custom dimensions, at Information
/// (the provider's default filter would keep only warnings), and the <see cref="GuardrailsMetrics"/> counters as custom metrics.
/// </summary>
public static class ApplicationInsightsRegistration
{
    public static IServiceCollection AddGuardrailsApplicationInsights(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"])) return services;
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r => r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (rule is not null) options.Rules.Remove(rule);
        });
        services.AddHostedService<MetricsForwarder>();
        return services;
    }

    /// <summary>Forwards every measurement of the Guardrails meter to <see cref="TelemetryClient.GetMetric(string)"/> (pre-aggregated per minute).</summary>
    private sealed class MetricsForwarder(TelemetryClient telemetry) : IHostedService, IDisposable
    {
        private readonly MeterListener _listener = new();

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == GuardrailsMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (tags.Length == 0) telemetry.GetMetric(instrument.Name).TrackValue(value);
                else telemetry.GetMetric(instrument.Name, tags[0].Key).TrackValue(value, Convert.ToString(tags[0].Value, System.Globalization.CultureInfo.InvariantCulture));
            });
            _listener.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            telemetry.Flush();
            return Task.CompletedTask;
        }

        public void Dispose() => _listener.Dispose();
    }
}
