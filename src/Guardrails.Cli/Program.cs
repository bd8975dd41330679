using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("guardrails");
    config.PropagateExceptions();
    // Commands are registered here, one line each, grouped by pipeline stage.
});
return await app.RunAsync(args);
