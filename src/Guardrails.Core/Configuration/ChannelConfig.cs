namespace Guardrails.Core.Configuration;

/// <summary>
/// A notification channel in guardrails.yaml (<c>channels:</c>), referenced by name from budgets. The webhook URL is a
/// secret: the file names the app setting (or environment variable) that holds it — in Azure that setting may be a
/// Key Vault reference (<c>@Microsoft.KeyVault(SecretUri=…)</c>) resolved by the platform. The URL itself is never
/// written in the file and never logged.
/// <code>
/// channels:
///   oncall-teams: { kind: teams, webhookUrlSetting: TEAMS_ONCALL_WEBHOOK_URL }
///   finops-slack: { kind: slack, webhookUrlSetting: SLACK_FINOPS_WEBHOOK_URL }
///   events:       { kind: servicebus, connectionSetting: GUARDRAILS_SERVICEBUS, topic: guardrail-events }
/// </code>
/// </summary>
public sealed class ChannelConfig : IValidatableConfig
{
    public static readonly IReadOnlyList<string> Kinds = ["teams", "slack", "servicebus"];

    public string Kind { get; set; } = "";

    /// <summary>Name of the app setting / environment variable holding the webhook URL (teams, slack).</summary>
    public string? WebhookUrlSetting { get; set; }

    /// <summary>
    /// A Key Vault reference (<c>@Microsoft.KeyVault(SecretUri=https://….vault.azure.net/secrets/…)</c>) instead of a
    /// setting name. Only valid in Azure where App Service resolves it; kept here so the file can document it.
    /// </summary>
    public string? KeyVaultReference { get; set; }

    /// <summary>servicebus: name of the setting holding the connection string or the fully qualified namespace.</summary>
    public string? ConnectionSetting { get; set; }

    /// <summary>servicebus: topic name.</summary>
    public string Topic { get; set; } = "guardrail-events";

    /// <summary>Rejected if set: URLs belong in settings, not in the file (kept so the error can say so).</summary>
    public string? WebhookUrl { get; set; }

    public bool IsWebhook => Kind is "teams" or "slack";

    public void Validate(ConfigValidationContext context, string path)
    {
        var kind = Kind?.Trim().ToLowerInvariant() ?? "";
        if (!Kinds.Contains(kind))
        {
            context.Add($"{path}.kind", $"kind must be one of {string.Join(", ", Kinds)} (got '{Kind}')");
            return;
        }
        Kind = kind;
        if (!string.IsNullOrEmpty(WebhookUrl))
            context.Add($"{path}.webhookUrl",
                "webhook URLs are secrets: put the URL in an app setting and name it with webhookUrlSetting (the value is not shown here)");
        if (IsWebhook)
        {
            var hasSetting = !string.IsNullOrWhiteSpace(WebhookUrlSetting);
            var hasKv = !string.IsNullOrWhiteSpace(KeyVaultReference);
            if (hasSetting == hasKv)
                context.Add($"{path}.webhookUrlSetting", "give exactly one of webhookUrlSetting (an app setting name) or keyVaultReference");
            if (hasSetting && WebhookUrlSetting!.Contains("://", StringComparison.Ordinal))
                context.Add($"{path}.webhookUrlSetting",
                    "this looks like a URL: webhookUrlSetting is the NAME of the setting that holds the URL (the value is not shown here)");
            if (hasKv && !KeyVaultReference!.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
                context.Add($"{path}.keyVaultReference", "must look like @Microsoft.KeyVault(SecretUri=…)");
        }
        else if (string.IsNullOrWhiteSpace(ConnectionSetting))
        {
            context.Add($"{path}.connectionSetting", "a servicebus channel needs connectionSetting (an app setting name)");
        }
        if (kind == "servicebus" && string.IsNullOrWhiteSpace(Topic))
            context.Add($"{path}.topic", "topic must not be empty");
    }
}
