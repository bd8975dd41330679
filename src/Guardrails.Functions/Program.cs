using Guardrails.Functions.Startup;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Guardrails Function App: each line registers one feature; the registrations live in Startup/.
var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddLedgerPipeline(builder.Configuration); // DiscoverExports (timer) → export-parts → IngestExportPart
builder.Services.AddBudgets(builder.Configuration); // EvaluateBudgets (timer) → alert state → Teams / Slack / guardrail-events
builder.Services.AddIdleGuardrails(builder.Configuration); // CollectTelemetry, EvaluateIdle (timers) → actions → ExecuteAction; IngestNvidiaSmi (HTTP)
builder.Services.AddGuardrailsPullRequests(builder.Configuration); // GitHubWebhook (HTTP) → pr-checks → CheckPullRequest; RefreshPrices (timer)
builder.Services.AddDashboard(builder.Configuration); // DashboardPage + DashboardApi (HTTP, function key) over the ledger

builder.Build().Run();
