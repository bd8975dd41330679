using Guardrails.Cli;

return await GuardrailsApp.Create().RunAsync(args);
