using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Guardrails.Core.Actions;
using Guardrails.Core.Budgets;
using Guardrails.Core.Events;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Compute;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Guardrails.Cli.Commands.Idle;

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

    /// <summary>Exit codes: 0 done, 1 a live source (Azure, Prometheus, storage) failed, 2 usage or configuration, 3 an action failed.</summary>
    public static async Task<int> RunAsync(IdleCommand.Settings settings, IAnsiConsole console, TextWriter jsonOut, IdleLiveEnvironment env,
        CancellationToken cancellationToken)
    {
        var config = Hosting.CliConfig.Load(settings.ConfigFile);
        if (config.Policies.Count == 0) throw new ConfigException([new ConfigError(settings.ConfigFile, null, "policies", "no idle policies defined.")]);
        var options = ResolveOptions(settings, env, config);
        if (Validate(options, out var prometheusUrl) is { } usage) return Fail(console, 2, usage);

        // --store: the Function App's Table Storage — billing rates from its ledger, and the audit table (decisions and
        // executor outcomes, as EvaluateIdle and ExecuteAction write them).
        await using var store = settings.Store is { IsSet: true } flag ? await LedgerStore.OpenAsync(flag.Value, Console.Error, cancellationToken).ConfigureAwait(false) : null;
        var (ledger, refused) = await OpenLedgerAsync(store, cancellationToken).ConfigureAwait(false);
        if (refused is not null) return Fail(console, 1, refused);

        var warnings = new List<string>();
        using var prometheusHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var noticeHttp = NotificationHttp.CreateClient();
        await using var provider = Compose(settings, env, config, options, new PrometheusClient(prometheusHttp, new PrometheusOptions { BaseUrl = prometheusUrl }),
            noticeHttp, store?.ConnectionString, ledger, warnings);
        var stage = provider.GetRequiredService<EvaluateAndActStage>();

        // The executor runs with --execute, and with --store to audit dry-run outcomes as the Function App does (every
        // request is then dry-run: the executor only re-reads machines from ARM).
        EvaluateAndActResult run;
        try
        {
            run = await stage.RunAsync(act: settings.Execute || ledger is not null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Explain(e, options, prometheusUrl) is { } failure)
        {
            return Fail(console, failure.Code, failure.Message);
        }

        Report(settings, console, jsonOut, run, options, prometheusUrl, stage.Evaluate.HostMetrics is not null, provider.GetRequiredService<IActionAuditLog>(), store);
        foreach (var w in warnings) console.MarkupLineInterpolated($"[yellow]warning:[/] {w}");
        if (!settings.Execute)
            await IdleCommand.PreviewNoticesAsync(settings, run.Evaluation, run.Evaluation.Decisions.Select(d => d.Machine).ToList(), run.Evaluation.EvaluatedAt,
                settings.Plain ? null : console, cancellationToken).ConfigureAwait(false);
        return run.Outcomes.Values.Any(o => o.Status == ActionOutcomeStatus.Failed) ? 3 : 0;
    }

    /// <summary>The Function App's settings (environment variables with its names), then the command line over them.</summary>
    private static IdleOptions ResolveOptions(IdleCommand.Settings settings, IdleLiveEnvironment env, GuardrailsConfig config)
    {
        var options = IdleSettings.Complete(IdleRegistration.ReadOptions(env.Settings), config, env.Settings.GetSection("Idle:AllocationKeys").GetChildren().Any());
        options.ConfigPath = settings.ConfigFile;
        options.Scopes = ResolveScopes(settings, options, config.Policies);
        if (settings.Prometheus is { } prom) options.PrometheusUrl = prom;
        if (settings.ArmEndpoint is { } arm) options.ArmEndpoint = arm;
        if (settings.NoAzureMonitor) options.AzureMonitorMetrics = false;
        if (settings.AuditTable != TableActionAuditLog.DefaultTableName) options.AuditTable = settings.AuditTable;
        return options;
    }

    /// <summary>The usage error in the live sources' URLs, or null (then <paramref name="prometheusUrl"/> is set).</summary>
    private static string? Validate(IdleOptions options, out Uri prometheusUrl)
    {
        prometheusUrl = null!;
        if (string.IsNullOrWhiteSpace(options.PrometheusUrl))
            return "no GPU telemetry source for live mode: pass --prometheus <url> (or set Idle__PrometheusUrl), or evaluate recorded files with --telemetry.";
        if (!Uri.TryCreate(options.PrometheusUrl, UriKind.Absolute, out var prometheus) || prometheus.Scheme is not ("http" or "https"))
            return $"--prometheus '{options.PrometheusUrl}' is not an http(s) URL.";
        if (!Uri.TryCreate(options.ArmEndpoint, UriKind.Absolute, out var armUrl) || armUrl.Scheme != "https")
            return $"ARM endpoint '{options.ArmEndpoint}' is not an https URL (bearer tokens are only sent over HTTPS).";
        prometheusUrl = prometheus;
        return null;
    }

    /// <summary>The ledger of --store (created when missing), or why Table Storage refused it.</summary>
    private static async Task<(TableLedgerStore? Ledger, string? Refused)> OpenLedgerAsync(LedgerStore? store, CancellationToken cancellationToken)
    {
        if (store is null) return (null, null);
        var ledger = new TableLedgerStore(new TableServiceClient(store.ConnectionString));
        try
        {
            await ledger.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            return (ledger, null);
        }
        catch (RequestFailedException e)
        {
            return (null, $"Table Storage (--store) refused: {e.Status} {e.ErrorCode}: {FirstLine(e.Message)}");
        }
    }

    /// <summary>
    /// The Function App's idle registration (AddIdle); the command plugs in only its sources and sinks: Prometheus as the one
    /// telemetry source, requests kept in memory (acted on only with --execute or --store), a local audit file without --store,
    /// owner notices to --sink, and dry-run unless --execute. With --execute, decisions and outcomes are also events on the
    /// guardrail-events topic when GuardrailEvents__ServiceBus is set.
    /// </summary>
    private static ServiceProvider Compose(IdleCommand.Settings settings, IdleLiveEnvironment env, GuardrailsConfig config, IdleOptions options,
        PrometheusClient prometheus, HttpClient noticeHttp, string? storage, TableLedgerStore? ledger, List<string> warnings)
    {
        var requests = new InMemoryActionRequestSink();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new WarningCollector(warnings)));
        services.AddSingleton(HostEnvironment.Local);
        services.AddSingleton(env.Time);
        services.AddSingleton<TokenCredential>(env.Credential ?? new DefaultAzureCredential());
        services.AddSingleton(new ArmTransportOptions(env.ArmTransport, env.ArmMaxRetries));
        services.AddSingleton(options);
        services.AddSingleton(config);
        services.AddSingleton(new ActionExecutorOptions { ForceDryRunReason = settings.Execute ? null : ForcedDryRunReason });
        services.AddSingleton(requests);
        services.AddSingleton<IActionRequestSink>(requests);
        services.AddSingleton<IReadOnlyList<ITelemetrySource>>([prometheus]);
        services.AddSingleton(OwnerNotifierFactory.Create(config, name => env.Settings[name], noticeHttp, new InMemoryOwnerNoticeLedger(), env.Time,
            settings.Sink is null ? null : new SinkOwnerNoticeTarget(settings.Sink, noticeHttp)));
        if (IdleCommand.PriceCatalog is { } prices) services.AddSingleton(prices);
        if (ledger is not null) services.AddSingleton<IResourceCostReader>(ledger);
        else services.AddSingleton<IActionAuditLog>(settings.Execute ? new JsonLinesActionAuditLog(settings.AuditLog ?? DefaultAuditLog) : new InMemoryActionAuditLog());
        var appSettings = new Dictionary<string, string?>
        {
            [AppSettings.Storage] = storage,
            [AppSettings.EventsServiceBus] = settings.Execute ? env.Settings[AppSettings.EventsServiceBus] : null,
            [AppSettings.EventsTopic] = env.Settings[AppSettings.EventsTopic],
        };
        services.AddIdle(new ConfigurationBuilder().AddInMemoryCollection(appSettings).Build());
        return services.BuildServiceProvider();
    }

    /// <summary>The exit code and message for a live source that failed, or null for an exception that is not one.</summary>
    private static (int Code, string Message)? Explain(Exception e, IdleOptions options, Uri prometheusUrl) => e switch
    {
        AuthenticationFailedException => (2, "no usable Azure credential (DefaultAzureCredential): sign in with `az login`, or set AZURE_TENANT_ID/AZURE_CLIENT_ID " +
            $"(+ AZURE_CLIENT_SECRET or a federated token), or run with a managed identity. Detail: {FirstLine(e.Message)}"),
        RequestFailedException r => (1, $"{FirstLine(r.Message)}{ArmHint(r, options)}"),
        HttpRequestException => (1, FirstLine(e.Message)),
        TelemetryFormatException => (1, $"Prometheus at {PrometheusClient.Display(prometheusUrl)} answered with an error or an unreadable body: {e.Message}"),
        _ => null,
    };

    private static string ArmHint(RequestFailedException e, IdleOptions options) => e.Status switch
    {
        401 => " — the token was refused: check the tenant and the ARM endpoint/cloud.",
        403 => " — the identity needs Reader on the scope (and Virtual Machine Contributor + Tag Contributor to act).",
        0 => $" — ARM at {options.ArmEndpoint} is unreachable.",
        _ => "",
    };

    /// <summary>The decisions (and with --execute the outcomes) as a table or JSON, with where the audit trail went.</summary>
    private static void Report(IdleCommand.Settings settings, IAnsiConsole console, TextWriter jsonOut, EvaluateAndActResult run, IdleOptions options,
        Uri prometheusUrl, bool azureMonitor, IActionAuditLog audit, LedgerStore? store)
    {
        var outcomes = settings.Execute ? run.Outcomes : null;
        if (settings.Plain)
        {
            IdleCommand.WriteResult(settings, run.Evaluation, console, jsonOut, outcomes);
            return;
        }
        console.MarkupLineInterpolated($"[grey]Live: ARM {options.ArmEndpoint} scopes {string.Join(", ", options.Scopes)}; Prometheus {PrometheusClient.Display(prometheusUrl)}{(azureMonitor ? "; Azure Monitor for CPU/network conditions" : "")}[/]");
        IdleCommand.WriteResult(settings, run.Evaluation, console, jsonOut, outcomes);
        if (audit is not InMemoryActionAuditLog)
            console.MarkupLineInterpolated($"[grey]Audit trail appended to {(audit is JsonLinesActionAuditLog file ? file.Path : $"table {options.AuditTable} (--store)")}{(store?.StartedAzurite == true ? " (Azurite was started for this command only: it goes when it ends)" : "")}[/]");
    }

    /// <summary>--scope options, else the Idle__Scopes settings, else the policies' subscriptions (× resource groups): as the Function App resolves them.</summary>
    public static List<string> ResolveScopes(IdleCommand.Settings settings, IdleOptions options, IReadOnlyList<IdlePolicyConfig> policies)
    {
        var scopes = IdleSettings.ResolveScopes(settings.Scopes is { Length: > 0 } given ? given : options.Scopes, policies);
        if (scopes.Count == 0)
            throw new FormatException("no ARM scope to inventory: pass --scope /subscriptions/<id>[/resourceGroups/<name>], set Idle__Scopes, or give a policy scope.subscriptions.");
        return scopes;
    }

    /// <summary>
    /// One <c>error:</c> line: on standard error when the command writes to the process's console (the real CLI: stdout
    /// stays the table or the JSON), else on the console a caller gave (tests that capture one writer).
    /// </summary>
    internal static int Fail(IAnsiConsole console, int code, string message)
    {
        if (ReferenceEquals(console, AnsiConsole.Console)) Console.Error.WriteLine($"error: {message}");
        else console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return code;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>Warnings of the composed stages (an Azure Monitor metric that could not be read), shown after the table.</summary>
    private sealed class WarningCollector(List<string> warnings) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(warnings);
        public void Dispose() { }

        private sealed class Logger(List<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) lock (warnings) warnings.Add(formatter(state, exception));
            }
        }
    }
}
