using Azure.Data.Tables;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Budgets;
using Guardrails.Cli.Commands.Costs;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Tests.Commands;
using Guardrails.Core.Actions;
using Guardrails.Core.Alerts;
using Guardrails.Core.Billing;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Local;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Cli.Tests.Hosting;

/// <summary>
/// The CLI builds its stages through the Function App's registrations (AddLedger, AddBudgets, AddDashboard, …) and plugs
/// in only its own sources and sinks: each stage's effective registration comes from the registration class.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliCompositionTests(AzuriteFixture azurite)
{
    private static readonly GuardrailsConfig Budgets = GuardrailsConfigLoader.LoadFromYaml(
        "budgets:\n  - name: vision-monthly\n    scope: { team: vision }\n    amount: 500\n    currency: USD\n    channels: [ops-teams]\n" +
        "channels:\n  ops-teams:\n    kind: teams\n    webhookUrlSetting: OPS_TEAMS_WEBHOOK_URL\n", "inline.yaml");

    /// <summary>The class whose method registered the service that is resolved (the last descriptor), lambdas' closures included.</summary>
    private static Type? Origin(IServiceCollection services, Type serviceType)
    {
        var descriptor = services.Last(d => d.ServiceType == serviceType);
        var type = descriptor.ImplementationFactory?.Method.DeclaringType ?? descriptor.ImplementationType;
        while (type?.DeclaringType is { } outer) type = outer;
        return type;
    }

    [Fact]
    public async Task Budgets_run_the_registered_evaluation_job_with_only_the_CLIs_sinks_plugged_in()
    {
        var sink = Directory.CreateTempSubdirectory("guardrails-sink-").FullName;
        try
        {
            using var http = new HttpClient();
            var none = LedgerSnapshot.From(new IngestResult());
            var files = new CliLedger(none, none, null, "no files");
            var services = BudgetComposition.Services(Budgets, new BudgetPlugins(files, null, sink, null, null, "https://guardrails.example/api/dashboard"),
                TimeProvider.System, http);

            Assert.Equal(typeof(BudgetsRegistration), Origin(services, typeof(BudgetEvaluationJob)));
            Assert.Equal(typeof(BudgetsRegistration), Origin(services, typeof(IBudgetStatusSource)));
            await using var provider = services.BuildServiceProvider();
            var job = provider.GetRequiredService<BudgetEvaluationJob>();
            Assert.Null(job.Definitions); // the CLI evaluates its --config budgets and never rewrites the store's budgets table
            Assert.Equal("https://guardrails.example/api/dashboard", provider.GetRequiredService<BudgetJobOptions>().DashboardUrl);
            Assert.Same(files.Facts, provider.GetRequiredService<ICostLedgerReader>());
            Assert.Same(files.Resources, provider.GetRequiredService<IResourceCostReader>()); // never the store's per-resource costs
            Assert.Equal(Path.Combine(sink, "alert-state"), Assert.IsType<FileAlertStateStore>(provider.GetRequiredService<IAlertStateStore>()).Directory);
            Assert.IsType<LocalSinkChannelResolver>(provider.GetRequiredService<IAlertChannelResolver>());
            Assert.IsType<DirectoryActionRequestSink>(provider.GetRequiredService<IActionRequestSink>());
            Assert.Same(NullEventPublisher.Instance, provider.GetRequiredService<IGuardrailEventPublisher>());
        }
        finally
        {
            Directory.Delete(sink, recursive: true);
        }
    }

    [Fact]
    public async Task The_job_evaluates_the_month_asked_while_the_timers_run_stays_the_current_month()
    {
        var sink = Directory.CreateTempSubdirectory("guardrails-sink-").FullName;
        try
        {
            using var http = new HttpClient();
            var vision = LedgerSnapshot.From(new IngestResult { Facts = VisionBudgetScenario.Facts() });
            var files = new CliLedger(vision, vision, null, "vision");
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero));
            await using var provider = BudgetComposition.Build(Budgets, new BudgetPlugins(files, null, sink, null, null, null), time, http);
            var job = provider.GetRequiredService<BudgetEvaluationJob>();

            var timer = await job.RunAsync(); // what EvaluateBudgets calls: the current UTC month, December, no spend yet
            var november = await job.RunAsync(new BudgetEvaluationRequest(new DateOnly(2026, 11, 1)));
            var status = await job.StatusAsync(new BudgetEvaluationRequest(new DateOnly(2026, 11, 1)));

            Assert.Equal(("2026-12", 0m), (Assert.Single(timer.Budgets).Period, timer.Budgets[0].Spent));
            Assert.All(timer.AlertsCreated, a => Assert.Equal("2026-12", a.Key.Period)); // December: forecast from November's run rate only
            Assert.Equal(("2026-11", 1000m), (Assert.Single(november.Budgets).Period, november.Budgets[0].Spent));
            Assert.NotEmpty(november.AlertsCreated);
            Assert.All(november.AlertsCreated, a => Assert.Equal("2026-11", a.Key.Period));
            Assert.Equal(1000m, Assert.Single(status).Spent);
        }
        finally
        {
            Directory.Delete(sink, recursive: true);
        }
    }

    [Fact]
    public async Task Budgets_with_a_store_keep_alert_state_and_the_ledger_where_the_Function_App_keeps_them()
    {
        using var http = new HttpClient();
        var services = BudgetComposition.Services(Budgets, new BudgetPlugins(null, azurite.ConnectionString, null, null, null, null), TimeProvider.System, http);

        await using var provider = services.BuildServiceProvider();
        Assert.IsType<TableAlertStateStore>(provider.GetRequiredService<IAlertStateStore>());
        Assert.Same(provider.GetRequiredService<TableLedgerStore>(), provider.GetRequiredService<ICostLedgerReader>());
        Assert.IsType<ConfiguredAlertChannelResolver>(provider.GetRequiredService<IAlertChannelResolver>()); // no --sink: the real webhooks
        Assert.IsNotType<QueueActionRequestSink>(provider.GetRequiredService<IActionRequestSink>()); // spending limits never reach the actions queue from the CLI
    }

    [Fact]
    public async Task Ingest_store_runs_the_registered_IngestExportPart_stage_with_the_files_as_its_part()
    {
        var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
        var result = new IngestResult { Facts = VisionBudgetScenario.Facts() };
        var part = IngestStore.PartOf(["/exports/vision/part_0.csv"], result, new DateTimeOffset(2026, 11, 11, 6, 0, 0, TimeSpan.Zero));
        var services = IngestStore.Services(azurite.ConnectionString, part, result, TimeProvider.System, names);

        Assert.Equal(typeof(LedgerRegistration), Origin(services, typeof(IngestExportPartStage)));
        Assert.Equal(typeof(LedgerRegistration), Origin(services, typeof(TableLedgerStore)));
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<ExportPipelineOptions>();
        Assert.Equal((names.Facts, names.Runs), (options.FactsTable, options.RunsTable));
        var stage = provider.GetRequiredService<IngestExportPartStage>();
        Assert.IsType<IngestedFilesPartReader>(stage.Parts);
        Assert.Same(result, await stage.Parts.ReadAsync(part));
        await Assert.ThrowsAsync<InvalidOperationException>(() => stage.Parts.ReadAsync(part with { PartIndex = 1, PartCount = 2 }));
        Assert.Equal(1, part.PartCount);
        Assert.Equal("2026-11-01", part.PeriodStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("2026-11-11", part.PeriodEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Report_and_dashboard_read_the_store_through_the_dashboard_registration()
    {
        var checks = AzuriteFixture.UniqueName("checks");
        var services = ReportSources.Services(Budgets, azurite.ConnectionString, TimeProvider.System,
            new Dictionary<string, string?> { ["PullRequests:ChecksTable"] = checks, ["Idle:AuditTable"] = "auditfromsetting" },
            (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), files: null);

        Assert.Equal(typeof(DashboardRegistration), Origin(services, typeof(IReportDataProvider)));
        Assert.Equal(typeof(DashboardRegistration), Origin(services, typeof(IActionLogSource)));
        Assert.Equal(typeof(BudgetsRegistration), Origin(services, typeof(IBudgetStatusSource)));
        await using var provider = services.BuildServiceProvider();
        Assert.IsType<TableActionAuditLog>(provider.GetRequiredService<IActionLogSource>());
        Assert.IsType<TablePullRequestCheckLog>(provider.GetRequiredService<IPullRequestCheckSource>());
        Assert.Same(NullFreshSpendEstimator.Instance, provider.GetRequiredService<IFreshSpendEstimator>()); // a report never calls ARM
        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)),
            Assert.IsType<ReportDataLoader>(provider.GetRequiredService<IReportDataProvider>()).LogPeriod);
    }

    [Fact]
    public async Task The_store_backed_report_reads_the_ledger_and_the_budget_burn_down_the_dashboard_functions_read()
    {
        using var scenario = new VisionBudgetScenario();
        await scenario.WriteLedgerAsync(azurite.ConnectionString);
        var provider = ReportSources.FromStore(azurite.ConnectionString, scenario.ConfigPath, scenario.Time,
            CliCompositionSettings.Tables(scenario.Tables));

        var data = await provider.LoadAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

        Assert.Equal(1000m, data.Facts.Sum(f => f.EffectiveCost));
        var burnDown = Assert.Single(data.Budgets);
        Assert.Equal("vision-monthly (team=vision)", burnDown.Name);
        Assert.Equal(1000m, burnDown.Actual[^1].Cumulative);
    }

    [Fact]
    public async Task Ingest_store_replays_a_part_idempotently_and_records_it_as_the_Function_App_does()
    {
        var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 11, 6, 0, 0, TimeSpan.Zero));
        var result = new IngestResult { Facts = VisionBudgetScenario.Facts(), RowsRead = 10, RowsAccepted = 10 };

        var first = await IngestStore.WriteAsync(azurite.ConnectionString, ["vision.csv"], result, TextWriter.Null, time, names);
        var log = new StringWriter();
        var replay = await IngestStore.WriteAsync(azurite.ConnectionString, ["vision.csv"], result, log, time, names); // same clock: the same run and part

        Assert.Equal(first.Run, replay.Run);
        Assert.Equal(RunCompletion.BecameCurrent, replay.Completion);
        var ledger = new TableLedgerStore(new TableServiceClient(azurite.ConnectionString), names);
        var part = Assert.Single(await ledger.GetPartsAsync(first.Run));
        Assert.Equal(LedgerPartStatus.Completed, part.Status);
        Assert.Equal(1, part.Attempts); // the replay found the part completed and did not ingest it again
        Assert.Equal("vision.csv", part.BlobName);
        var run = await ledger.GetRunAsync(first.Run);
        Assert.Equal(LedgerRunStatus.Completed, run!.Status);
        Assert.Equal(IngestStore.LocalContainer, run.Container);
        Assert.Equal(10, run.RowsAccepted);
        var report = await CostsCommand.ReadAsync(azurite.ConnectionString, new DateOnly(2026, 11, 1), ["team"], names);
        Assert.Equal([new CurrencyTotal("USD", 1000m, 1000m)], report.Totals);
    }
}

/// <summary>App settings that point the registrations at a scenario's ledger tables.</summary>
internal static class CliCompositionSettings
{
    public static Dictionary<string, string?> Tables(LedgerTableNames names) => Cli.Hosting.CliComposition.StoreSettings(null, names);
}
