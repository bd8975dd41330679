using Guardrails.Functions.Startup;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Guardrails Function App: every feature's registration (Startup/FunctionAppComposition.cs), then Application Insights.
var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddGuardrailsFunctionApp(builder.Configuration);
builder.Services.AddGuardrailsApplicationInsights(builder.Configuration);

builder.Build().Run();
