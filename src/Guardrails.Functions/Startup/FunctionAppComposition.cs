using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrails.Functions.Startup;

/// <summary>
/// The whole Function App as <c>Program.cs</c> composes it: one registration per feature (the CLI calls the same ones),
/// then the meter factory. Tests build the app by calling this method with the compiled template's settings.
/// </summary>
public static class FunctionAppComposition
{
    public static IServiceCollection AddGuardrailsFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLedger(configuration);            // DiscoverExports (timer) → export-parts → IngestExportPart
        services.AddBudgets(configuration);           // EvaluateBudgets (timer) → alert state → Teams / Slack / guardrail-events
        services.AddIdle(configuration);              // CollectTelemetry, EvaluateIdle (timers) → actions → ExecuteAction; IngestNvidiaSmi (HTTP)
        services.AddRightSizing(configuration);       // RightSizeGpuVms (timer) → right-sizing table (recommendations only)
        services.AddPullRequestChecks(configuration); // GitHubWebhook (HTTP) → pr-checks → CheckPullRequest; RefreshPrices (timer)
        services.AddDashboard(configuration);         // DashboardPage + DashboardApi (HTTP, function key) over the ledger
        services.AddMetrics(); // IMeterFactory for GuardrailsMetrics (the Guardrails meter)
        return services;
    }
}
