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

    /// <summary>The app-setting spelling of a configuration key (<c>GitHub:Token</c> → <c>GitHub__Token</c>).</summary>
    public static string AsEnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>A value Azure left as the literal Key Vault reference: the secret is missing or the identity cannot read it.</summary>
    public static bool IsUnresolvedKeyVaultReference(string? value) =>
        value is not null && value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}
