using Guardrails.Cli.Reporting;
using Guardrails.Core.Reporting;

namespace Guardrails.Cli.Commands;

public sealed class DashboardSettings : ReportSettings
{
    [CommandOption("--port <PORT>")]
    [Description("Port on 127.0.0.1 (default 7072; 0 picks a free one).")]
    [DefaultValue(7072)]
    [TypeConverter(typeof(PortConverter))]
    public int Port { get; init; } = 7072;
}

/// <summary>`guardrails dashboard --port 7072`: the dashboard page and JSON API on 127.0.0.1 until Ctrl+C.</summary>
public sealed class DashboardCommand : AsyncCommand<DashboardSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DashboardSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            IReportDataProvider provider;
            (DateOnly, DateOnly)? logPeriod = settings.LogMonth is null ? null : ReportDataLoader.ParseMonth(settings.LogMonth);
            var rightSizing = await ReportSources.RightSizingFromRecordingsAsync(settings.Telemetry, settings.Inventory, settings.Config, cancellationToken);
            if (settings.Input.Length > 0)
                (provider, _, _) = await ReportSources.FromExportFilesAsync(settings.Input, settings.Config, cancellationToken, TimeProvider.System, settings.Store, logPeriod,
                    rightSizing, Hosting.CliProgress.Terminal());
            else provider = ReportSources.FromStore(settings.Store!, settings.Config, TimeProvider.System, logPeriod: logPeriod, rightSizing: rightSizing);
            await using var host = await DashboardHost.StartAsync(new DashboardEndpoints(provider, TimeProvider.System, settings.DashboardOptions), settings.Port, cancellationToken);
            var month = settings.Month is null ? "" : "?month=" + settings.Month;
            Console.Out.WriteLine($"Dashboard: {host.PageUri}{month}   (JSON: {host.Address}api/dashboard/<{string.Join('|', DashboardEndpoints.JsonRoutes)}>; Ctrl+C to stop)");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or FormatException or IOException or Core.Configuration.ConfigException or Azure.RequestFailedException)
        {
            return ReportOutput.Fail(e);
        }
    }
}
