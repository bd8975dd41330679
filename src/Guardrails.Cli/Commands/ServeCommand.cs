using Guardrails.Cli.Reporting;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Local;
using Microsoft.Extensions.Hosting;

namespace Guardrails.Cli.Commands;

/// <summary><c>guardrails serve [--port 7071]</c>: the Function App's HTTP endpoints on 127.0.0.1, queue work in process.</summary>
public sealed class ServeCommand : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : ConfigFileSettings
    {
        [CommandOption("--port <PORT>")]
        [TypeConverter(typeof(PortConverter))]
        public int Port { get; init; } = 7071;

        [CommandOption("--storage <CONNECTION_STRING>")]
        [Description("Storage connection string (default: setting AzureWebJobsStorage; else an Azurite started for this run).")]
        public string? Storage { get; init; }

    }

    /// <summary>Settings come from environment variables named like app settings (GitHub__WebhookSecret → GitHub:WebhookSecret).</summary>
    internal static Dictionary<string, string?> ReadSettings() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => ((string)e.Key).Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value, StringComparer.OrdinalIgnoreCase);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var values = ReadSettings();
        if (string.IsNullOrEmpty(values.GetValueOrDefault("GitHub:WebhookSecret")))
        {
            await Console.Error.WriteLineAsync("error: serve: set GitHub__WebhookSecret (the webhook's secret) before starting");
            return 2;
        }
        AzuriteLauncher? azurite = null;
        var storage = settings.Storage ?? values.GetValueOrDefault("AzureWebJobsStorage");
        if (string.IsNullOrEmpty(storage))
        {
            azurite = await AzuriteLauncher.StartAsync(reuseDefault: true);
            storage = azurite.ConnectionString;
        }
        try
        {
            // The dashboard beside the webhook, over the ledger in the same storage (the Function App serves the same routes).
            // Its action log and PR-check panels read the tables the idle audit and the in-process PR checks write.
            var dashboard = new DashboardEndpoints(ReportSources.FromStore(storage, configPath: settings.Config, TimeProvider.System, values),
                TimeProvider.System, new DashboardOptions());
            LocalHost.MapEndpoints(web => web.MapGuardrailsDashboard(dashboard));
            // "team vision has $Y left; forecast breach on the 27th": the budgets over the ledger in the same storage.
            Func<TimeProvider, Core.PullRequests.IBudgetContextProvider>? budgets;
            string why;
            try
            {
                (budgets, why) = await LocalBudgets.OpenAsync(storage, LocalBudgets.ResolveConfigPath(settings.Config, values), cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
            {
                (budgets, why) = (null, "cannot read the ledger: " + (e is AggregateException a ? a.InnerExceptions[^1].Message : e.Message));
            }
            Console.Out.WriteLine($"guardrails serve: budget context: {(budgets is null ? "none, " + why : why)}");
            await using var app = LocalHost.Build(new LocalHostOptions(settings.Port, storage, values), budgets is null ? null : LocalBudgets.Register(budgets));
            Console.Out.WriteLine($"guardrails serve: POST http://127.0.0.1:{settings.Port}/api/github/webhook, dashboard http://127.0.0.1:{settings.Port}/api/dashboard (Ctrl+C to stop)");
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (Core.Configuration.ConfigException e)
        {
            return CliConfig.Fail(e);
        }
        finally
        {
            if (azurite is not null) await azurite.DisposeAsync();
        }
        return 0;
    }
}
