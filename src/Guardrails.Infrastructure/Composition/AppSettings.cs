namespace Guardrails.Infrastructure.Composition;

/// <summary>
/// The names of the app settings Guardrails reads (environment variables, <c>local.settings.json</c>, the Function App's
/// app settings; <c>__</c> in a name is a section separator). One list, used by the registrations, the deployment-contract
/// test (against the compiled infra/main.bicep) and docs/infra.md.
/// </summary>
public static class AppSettings
{
    /// <summary>The app's storage account: tables, the export-parts / actions / pr-checks queues, pushed telemetry.</summary>
    public const string Storage = "GuardrailsStorage";
    /// <summary>Where Cost Management exports land (read only); optional, defaults to <see cref="Storage"/>.</summary>
    public const string Exports = "GuardrailsExports";
    /// <summary>guardrails.yaml (allocation, budgets, channels, policies, PR gate); relative paths are next to the app.</summary>
    public const string ConfigPath = "GuardrailsConfigPath";

    public const string IngestSchedule = "IngestSchedule";
    public const string TelemetrySchedule = "TelemetrySchedule";
    public const string IdleSchedule = "IdleSchedule";
    public const string BudgetSchedule = "BudgetSchedule";
    public const string PriceRefreshSchedule = "PriceRefreshSchedule";
    public const string RightSizeSchedule = "RightSizeSchedule";

    /// <summary>Master switch of the action executor: true (the default) keeps every action a dry run.</summary>
    public const string ActionsDryRun = "Actions:DryRun";

    public const string EventsServiceBus = "GuardrailEvents:ServiceBus";
    public const string EventsTopic = "GuardrailEvents:Topic";

    public const string GitHubWebhookSecret = "GitHub:WebhookSecret";
    public const string GitHubToken = "GitHub:Token";
    public const string GitHubAppId = "GitHub:AppId";
    public const string GitHubAppPrivateKey = "GitHub:AppPrivateKey";
    public const string GitHubApiBaseUrl = "GitHub:ApiBaseUrl";

    public const string IdleScopes = "Idle:Scopes";
    public const string DashboardUrl = "Budgets:DashboardUrl";

    /// <summary>Set by Azure App Service / Functions on every instance; its absence means a developer machine.</summary>
    public const string WebsiteInstanceId = "WEBSITE_INSTANCE_ID";
    public const string FunctionsEnvironment = "AZURE_FUNCTIONS_ENVIRONMENT";
    /// <summary>The user-assigned identity the app's one credential uses.</summary>
    public const string AzureClientId = "AZURE_CLIENT_ID";

    /// <summary>A setting (or one of several alternative sets of settings) a registration needs to work in Azure.</summary>
    public sealed record Requirement(string Feature, string What, IReadOnlyList<IReadOnlyList<string>> AnyOf);

    /// <summary>
    /// What the registrations need beyond trigger bindings, in app-setting spelling: a deployment must provide one of
    /// each requirement's alternatives (the deployment-contract test checks the compiled template against this list).
    /// </summary>
    public static IReadOnlyList<Requirement> Required { get; } =
    [
        new("all", "the app's storage account", [[Storage], [Storage + "__accountName"],
            [Storage + "__blobServiceUri", Storage + "__queueServiceUri", Storage + "__tableServiceUri"]]),
        new("ledger", "where exports land", [[Exports], [Exports + "__accountName"], [Exports + "__blobServiceUri"], [Storage], [Storage + "__accountName"]]),
        new("all", "guardrails.yaml", [[ConfigPath]]),
        new("actions", "the dry-run switch", [["Actions__DryRun"]]),
        new("idle", "the ARM scopes to watch", [["Idle__Scopes"], ["Idle__Scopes__0"]]),
        new("budgets", "the guardrail-events topic", [["GuardrailEvents__ServiceBus"]]),
        new("budgets", "the dashboard link in alerts", [["Budgets__DashboardUrl"]]),
        new("pull requests", "the webhook secret", [["GitHub__WebhookSecret"]]),
        new("pull requests", "a GitHub credential", [["GitHub__Token"], ["GitHub__AppId", "GitHub__AppPrivateKey"]]),
    ];

    /// <summary>Settings that hold secrets: in Azure they must be Key Vault references, never plain values.</summary>
    public static IReadOnlyList<string> Secrets { get; } = ["GitHub__WebhookSecret", "GitHub__Token", "GitHub__AppPrivateKey"];

    /// <summary>The app-setting spelling of a configuration key (<c>GitHub:Token</c> → <c>GitHub__Token</c>).</summary>
    public static string AsEnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>A value Azure left as the literal Key Vault reference: the secret is missing or the identity cannot read it.</summary>
    public static bool IsUnresolvedKeyVaultReference(string? value) =>
        value is not null && value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}
