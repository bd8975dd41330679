using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("guardrails");
    config.PropagateExceptions();
    // Commands are registered here, one line each, grouped by pipeline stage.
    config.AddCommand<Guardrails.Cli.Commands.IngestCommand>("ingest").WithDescription("Read cost exports and allocate them into daily costs");
});
return await app.RunAsync(args);
