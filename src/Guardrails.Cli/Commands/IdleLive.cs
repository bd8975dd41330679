using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Guardrails.Core.Actions;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Policies;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Compute;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Guardrails.Cli.Commands;

/// <summary>
/// What live mode talks to, replaceable in tests: the Azure credential (DefaultAzureCredential by default), the HTTP
/// transport for ARM (a loopback fake's certificate), the clock and the settings (environment variables with the
/// Function App's names, e.g. <c>Idle__PrometheusUrl</c>, <c>Idle__Scopes__0</c>, <c>Idle__ArmEndpoint</c>).
/// </summary>
public sealed class IdleLiveEnvironment
{
    public TokenCredential? Credential { get; init; }
    public HttpPipelineTransport? ArmTransport { get; init; }
    public int? ArmMaxRetries { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public IConfiguration Settings { get; init; } = new ConfigurationBuilder().AddEnvironmentVariables().Build();

    public static IdleLiveEnvironment Default { get; } = new();
}

/// <summary>
/// <c>guardrails idle</c> without --telemetry: the Function App's <see cref="EvaluateIdleStage"/> on the live estate —
/// inventory through ARM in the scopes, GPU telemetry from Prometheus, CPU/network from Azure Monitor when a policy
/// asks — then, only with --execute, each request through the same <see cref="ActionExecutor"/> (re-check, caps,
/// exemptions, audit; deallocate only, never power-off).
/// Safety: every decision is dry-run unless --execute is given AND the deciding policy says dryRun: false.
/// </summary>
public static class IdleLive
{
    public const string ForcedDryRunReason =
        "dry-run: nothing is changed (guardrails idle acts only with --execute, and then only for policies with dryRun: false)";

    public const string DefaultAuditLog = "guardrails-audit.jsonl";

    /// <summary>Exit codes: 0 done, 1 bad input or configuration, 2 a live source (Azure, Prometheus) failed, 3 an action failed.</summary>
    public static async Task<int> RunAsync(IdleCommand.Settings settings, IAnsiConsole console, TextWriter jsonOut, IdleLiveEnvironment env,
        CancellationToken cancellationToken)
    {
        var config = GuardrailsConfigLoader.Load(settings.Config);
        var policies = IdlePolicyFile.Load(settings.Config);
        if (policies.Count == 0) throw new ConfigException([new ConfigError(settings.Config, null, "policies", "no idle policies defined.")]);

        var options = new IdleOptions();
        env.Settings.GetSection(IdleOptions.SectionName).Bind(options);
        options.ConfigPath = settings.Config;
        options.Scopes = ResolveScopes(settings, options, policies);
        if (settings.Prometheus is { } prom) options.PrometheusUrl = prom;
        if (settings.ArmEndpoint is { } arm) options.ArmEndpoint = arm;
        if (settings.NoAzureMonitor) options.AzureMonitorMetrics = false;

        if (string.IsNullOrWhiteSpace(options.PrometheusUrl))
            return Fail(console, 1, "no GPU telemetry source for live mode: pass --prometheus <url> (or set Idle__PrometheusUrl), or evaluate recorded files with --telemetry.");
        if (!Uri.TryCreate(options.PrometheusUrl, UriKind.Absolute, out var prometheusUrl) || prometheusUrl.Scheme is not ("http" or "https"))
            return Fail(console, 1, $"--prometheus '{options.PrometheusUrl}' is not an http(s) URL.");
        if (!Uri.TryCreate(options.ArmEndpoint, UriKind.Absolute, out var armUrl) || armUrl.Scheme != "https")
            return Fail(console, 1, $"ARM endpoint '{options.ArmEndpoint}' is not an https URL (bearer tokens are only sent over HTTPS).");

        var time = env.Time;
        var credential = env.Credential ?? new DefaultAzureCredential();
        var compute = new ArmCompute(ArmConnection.CreateClient(credential, options.ArmEndpoint, env.ArmTransport, env.ArmMaxRetries), VmSkuCatalog.Default);
        using var prometheusHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var sources = new List<ITelemetrySource> { new PrometheusClient(prometheusHttp, new PrometheusOptions { BaseUrl = prometheusUrl }) };
        var warnings = new List<string>();
        var hostMetrics = options.AzureMonitorMetrics
            ? new AzureMonitorHostTelemetry(ArmConnection.CreateMonitorClient(credential, options.ArmEndpoint, env.ArmTransport, env.ArmMaxRetries),
                (m, e) => warnings.Add($"Azure Monitor metrics for {m.Name} unavailable ({Describe(e)}): its CPU/network conditions count as not idle"))
            : null;

        // --store: the Function App's Table Storage — billing rates from its ledger, and the audit table (decisions and
        // executor outcomes, as EvaluateIdle and ExecuteAction write them).
        await using var store = settings.Store is { IsSet: true } flag ? await LedgerStore.OpenAsync(flag.Value, Console.Error, cancellationToken).ConfigureAwait(false) : null;
        TableServiceClient? tables = null;
        IObservedRateSource? billingRates = null;
        if (store is not null)
        {
            tables = new TableServiceClient(store.ConnectionString);
            var ledger = new TableLedgerStore(tables);
            try
            {
                await ledger.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e)
            {
                return Fail(console, 2, $"Table Storage (--store) refused: {e.Status} {e.ErrorCode}: {FirstLine(e.Message)}");
            }
            billingRates = new LedgerObservedRateSource(ledger, VmSkuCatalog.Default, time);
        }
        var auditTable = settings.AuditTable != TableActionAuditLog.DefaultTableName ? settings.AuditTable : options.AuditTable;
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, IdleCommand.PriceCatalog ?? SnapshotPriceCatalog.Default, time, billingRates)
        {
            ForceDryRunReason = settings.Execute ? null : ForcedDryRunReason,
        };
        IActionAuditLog audit = tables is not null ? new TableActionAuditLog(tables.GetTableClient(auditTable))
            : settings.Execute ? new JsonLinesActionAuditLog(settings.AuditLog ?? DefaultAuditLog)
            : new InMemoryActionAuditLog();
        var requests = new InMemoryActionRequestSink();
        // With --execute, decisions and outcomes are also events on the guardrail-events topic when GuardrailEvents__ServiceBus is set.
        await using var serviceBus = settings.Execute && env.Settings["GuardrailEvents:ServiceBus"] is { Length: > 0 } bus
            ? ServiceBusEventPublisher.Create(bus, env.Settings["GuardrailEvents:Topic"] is { Length: > 0 } topic ? topic : ServiceBusEventPublisher.DefaultTopic)
            : null;
        IGuardrailEventPublisher events = serviceBus is null ? NullEventPublisher.Instance : serviceBus;
        var stage = new EvaluateIdleStage(compute, sources, engine, audit, requests, options, time) { HostMetrics = hostMetrics, Events = settings.Execute ? events : null };

        IdleRunResult result;
        try
        {
            result = await stage.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationFailedException e)
        {
            return Fail(console, 2, "no usable Azure credential (DefaultAzureCredential): sign in with `az login`, or set AZURE_TENANT_ID/AZURE_CLIENT_ID " +
                $"(+ AZURE_CLIENT_SECRET or a federated token), or run with a managed identity. Detail: {FirstLine(e.Message)}");
        }
        catch (RequestFailedException e)
        {
            var hint = e.Status switch
            {
                401 => " — the token was refused: check the tenant and the ARM endpoint/cloud.",
                403 => " — the identity needs Reader on the scope (and Virtual Machine Contributor + Tag Contributor to act).",
                0 => $" — ARM at {options.ArmEndpoint} is unreachable.",
                _ => "",
            };
            return Fail(console, 2, $"{FirstLine(e.Message)}{hint}");
        }
        catch (HttpRequestException e)
        {
            return Fail(console, 2, FirstLine(e.Message));
        }
        catch (TelemetryFormatException e)
        {
            return Fail(console, 2, $"Prometheus at {PrometheusClient.Display(prometheusUrl)} answered with an error or an unreadable body: {e.Message}");
        }

        // The executor runs with --execute, and with --store to audit dry-run outcomes as the Function App does (every
        // request is then dry-run: the executor only re-reads machines from ARM).
        var outcomes = new Dictionary<string, ActionOutcome>(StringComparer.OrdinalIgnoreCase);
        if (settings.Execute || tables is not null)
        {
            using var http = NotificationHttp.CreateClient();
            var notifier = OwnerNotifierFactory.Create(config, name => env.Settings[name], http, new InMemoryOwnerNoticeLedger(), time,
                settings.Sink is null ? null : new SinkOwnerNoticeTarget(settings.Sink, http));
            var executor = new ActionExecutor(compute, compute, audit, events, notifier, time);
            foreach (var request in requests.Requests)
                outcomes[request.ResourceId] = await executor.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (settings.Json) IdleCommand.WriteJson(result, jsonOut, settings.Execute ? outcomes : null);
        else
        {
            console.MarkupLineInterpolated($"[grey]Live: ARM {options.ArmEndpoint} scopes {string.Join(", ", options.Scopes)}; Prometheus {PrometheusClient.Display(prometheusUrl)}{(hostMetrics is null ? "" : "; Azure Monitor for CPU/network conditions")}[/]");
            IdleCommand.WriteTable(result, console, settings.Explain, settings.Execute ? outcomes : null);
            if (audit is not InMemoryActionAuditLog)
                console.MarkupLineInterpolated($"[grey]Audit trail appended to {(audit is JsonLinesActionAuditLog file ? file.Path : $"table {auditTable} (--store)")}{(store?.StartedAzurite == true ? " (Azurite was started for this command only: it goes when it ends)" : "")}[/]");
        }
        foreach (var w in warnings) console.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
        if (!settings.Execute)
            await IdleCommand.PreviewNoticesAsync(settings, result, result.Decisions.Select(d => d.Machine).ToList(), result.EvaluatedAt,
                settings.Json ? null : console, cancellationToken).ConfigureAwait(false);
        return outcomes.Values.Any(o => o.Status == ActionOutcomeStatus.Failed) ? 3 : 0;
    }

    /// <summary>--scope options, else the Idle__Scopes settings, else the policies' subscriptions (× resource groups).</summary>
    public static List<string> ResolveScopes(IdleCommand.Settings settings, IdleOptions options, IReadOnlyList<IdlePolicyConfig> policies)
    {
        List<string> scopes = settings.Scopes is { Length: > 0 } given ? [.. given]
            : options.Scopes.Count > 0 ? [.. options.Scopes]
            : [.. policies.SelectMany(p => p.Scope.ResourceGroups.Count == 0
                ? p.Scope.Subscriptions.Select(s => $"/subscriptions/{s}")
                : p.Scope.Subscriptions.SelectMany(s => p.Scope.ResourceGroups.Select(rg => $"/subscriptions/{s}/resourceGroups/{rg}")))];
        scopes = scopes.Select(s => s.Trim().TrimEnd('/')).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (scopes.Count == 0)
            throw new FormatException("no ARM scope to inventory: pass --scope /subscriptions/<id>[/resourceGroups/<name>], set Idle__Scopes__0, or give a policy scope.subscriptions.");
        if (scopes.FirstOrDefault(s => !ArmCompute.IsScope(s)) is { } bad)
            throw new FormatException($"scope '{bad}' is not an ARM scope: expected /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name>.");
        return scopes;
    }

    private static int Fail(IAnsiConsole console, int code, string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return code;
    }

    private static string Describe(Exception e) => e is RequestFailedException r ? $"{r.Status} {r.ErrorCode}" : e.GetType().Name;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
