using Guardrails.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("guardrails");
    config.PropagateExceptions();
    // Commands are registered here, one line each, grouped by pipeline stage.
    config.AddReportCommands();
});
return await app.RunAsync(args);
