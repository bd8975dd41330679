using Guardrails.Cli;

return await GuardrailsApp.RunAsync(args);
