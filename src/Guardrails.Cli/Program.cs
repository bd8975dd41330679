using Guardrails.Cli;

return await GuardrailsApp.RunProcessAsync(args);
