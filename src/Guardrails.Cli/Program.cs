using Guardrails.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("guardrails");
    config.PropagateExceptions();
    // Commands are registered here, one line each, grouped by pipeline stage.
    config.AddCommand<Guardrails.Cli.Commands.EstimateCommand>("estimate").WithDescription("Monthly cost difference of an IaC change (base vs head directories).");
    config.AddCommand<Guardrails.Cli.Commands.PlanCommand>("plan").WithDescription("GPU-hours, wall time and cost of a training run from model size.");
    config.AddReportCommands();
});
return await app.RunAsync(args);
