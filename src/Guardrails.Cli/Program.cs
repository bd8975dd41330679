using Guardrails.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("guardrails");
    config.PropagateExceptions();
    // Commands are registered here, one line each, grouped by pipeline stage.
    config.AddCommand<Guardrails.Cli.Commands.IngestCommand>("ingest").WithDescription("Read cost exports and allocate them into daily costs");
    config.AddCommand<Guardrails.Cli.Commands.BudgetsCommand>("budgets").WithDescription("Budget status: spent, forecast, breach date; --evaluate delivers alerts");
    config.AddBranch("alerts", alerts => alerts.AddCommand<Guardrails.Cli.Commands.AlertsTestCommand>("test").WithDescription("Send a sample card to a configured channel"));
    config.AddCommand<Guardrails.Cli.Commands.EstimateCommand>("estimate").WithDescription("Monthly cost difference of an IaC change (base vs head directories).");
    config.AddCommand<Guardrails.Cli.Commands.ServeCommand>("serve").WithDescription("Run the HTTP endpoints (GitHub webhook) on 127.0.0.1 with the queue work in process.");
    config.AddCommand<Guardrails.Cli.Commands.PlanCommand>("plan").WithDescription("GPU-hours, wall time and cost of a training run from model size.");
    config.AddCommand<Guardrails.Cli.Commands.CostsCommand>("costs").WithDescription("The allocated month from the ledger in Table Storage, grouped by allocation keys.");
    config.AddBranch("pipeline", p => p.AddCommand<Guardrails.Cli.Commands.PipelineRunCommand>("run").WithDescription("Export in Blob → DiscoverExports → export-parts queue → IngestExportPart → Table Storage, locally on Azurite."));
    config.AddCommand<Guardrails.Cli.Commands.IdleCommand>("idle").WithDescription("Idle GPU decisions per VM (dry-run), from recorded telemetry (--telemetry).");
    config.AddReportCommands();
});
return await app.RunAsync(args);
