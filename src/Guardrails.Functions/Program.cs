using Guardrails.Functions.Startup;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddGuardrailsPullRequests(builder.Configuration);

builder.Build().Run();
