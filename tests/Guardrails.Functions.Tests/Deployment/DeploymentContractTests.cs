using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Functions.Functions;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Pricing;
using Guardrails.Infrastructure.PullRequests;
using Microsoft.Azure.Functions.Worker;

namespace Guardrails.Functions.Tests.Deployment;

/// <summary>
/// The deployment contract: what the compiled infra/main.bicep gives the Function App covers what the code reads —
/// every %setting% a trigger binds, every trigger connection (either form), every setting a registration requires,
/// secrets as Key Vault references — and gives nothing that nobody reads. The sample local settings and docs/infra.md
/// say the same.
/// </summary>
public sealed partial class DeploymentContractTests
{
    private static Dictionary<string, string> Deployed => CompiledTemplate.Main.AppSettings;

    /// <summary>Every trigger of every function in the app: (function, %setting% names, connection names).</summary>
    private static IEnumerable<(string Function, string[] Settings, string[] Connections)> Triggers()
    {
        foreach (var method in typeof(DiscoverExports).Assembly.GetTypes().SelectMany(t => t.GetMethods()))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function) continue;
            var settings = new List<string>();
            var connections = new List<string>();
            foreach (var p in method.GetParameters())
            {
                foreach (var a in p.GetCustomAttributes())
                {
                    foreach (var prop in a.GetType().GetProperties().Where(pr => pr.PropertyType == typeof(string)))
                        if (prop.GetValue(a) is string value)
                            settings.AddRange(SettingReference().Matches(value).Select(m => m.Groups[1].Value));
                    if (a.GetType().GetProperty("Connection")?.GetValue(a) is string { Length: > 0 } connection) connections.Add(connection);
                }
            }
            yield return (function.Name, settings.ToArray(), connections.ToArray());
        }
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();

    [Fact]
    public void The_template_sets_every_setting_a_trigger_binds()
    {
        var missing = Triggers().SelectMany(t => t.Settings.Select(s => (t.Function, Setting: AppSettings.AsEnvironmentName(s))))
            .Where(x => !Deployed.ContainsKey(x.Setting)).Select(x => $"{x.Function}: %{x.Setting}%").ToList();
        Assert.True(Triggers().Any(t => t.Settings.Length > 0), "no trigger binds a %setting%: the reflection found nothing");
        Assert.Empty(missing);
    }

    [Fact]
    public void The_template_sets_every_trigger_connection_in_one_of_its_forms()
    {
        var connections = Triggers().SelectMany(t => t.Connections).Distinct().ToList();
        Assert.Contains(AppSettings.Storage, connections);
        foreach (var c in connections)
            Assert.True(Deployed.ContainsKey(c) || Deployed.ContainsKey(c + "__accountName") || Deployed.ContainsKey(c + "__queueServiceUri"),
                $"connection '{c}' has neither '{c}', '{c}__accountName' nor '{c}__queueServiceUri' in the template");
    }

    [Fact]
    public void The_template_covers_every_setting_the_registrations_require()
    {
        foreach (var r in AppSettings.Required)
            Assert.True(r.AnyOf.Any(set => set.All(Deployed.ContainsKey)),
                $"{r.Feature}: {r.What} — the template sets none of: " + string.Join(" | ", r.AnyOf.Select(s => string.Join(" + ", s))));
    }

    [Fact]
    public void Secrets_are_Key_Vault_references_never_plain_values()
    {
        var secrets = AppSettings.Secrets.Concat(ShippedChannelSettings()).Where(Deployed.ContainsKey).ToList();
        Assert.Contains("GitHub__WebhookSecret", secrets);
        Assert.True(secrets.Count(s => s is "GitHub__Token" or "GitHub__AppPrivateKey") >= 1, "no GitHub credential in the template");
        foreach (var s in secrets)
            Assert.True(Deployed[s].Contains("Microsoft.KeyVault(", StringComparison.Ordinal), $"{s} is not a Key Vault reference: {Deployed[s]}");
    }

    [Fact]
    public void The_shipped_configuration_names_only_settings_the_template_sets()
    {
        var named = ShippedChannelSettings().ToList();
        Assert.NotEmpty(named);
        Assert.All(named, n => Assert.True(Deployed.ContainsKey(n), $"guardrails.yaml names setting '{n}' that the template does not set"));
    }

    [Fact]
    public void Every_setting_the_template_gives_is_read_by_something()
    {
        var unread = Deployed.Keys.Where(k => !IsRead(k)).ToList();
        Assert.Empty(unread);
    }

    [Fact]
    public void Local_settings_sample_is_valid_json_without_duplicate_keys_and_uses_the_same_names()
    {
        var path = Path.Combine(CompiledTemplate.RepositoryRoot, "local.settings.sample.json");
        var keys = DuplicateCheckedKeys(File.ReadAllBytes(path), out var duplicates);
        Assert.Empty(duplicates);
        var unread = keys.Where(k => !IsRead(k)).ToList();
        Assert.Empty(unread);
        foreach (var t in Triggers().SelectMany(t => t.Settings)) Assert.Contains(AppSettings.AsEnvironmentName(t), keys);
        foreach (var r in AppSettings.Required)
            Assert.True(r.AnyOf.Any(set => set.All(keys.Contains)), $"local.settings.sample.json: {r.What} — none of " + string.Join(" | ", r.AnyOf.Select(s => string.Join(" + ", s))));
    }

    [Fact]
    public void The_duplicate_key_check_finds_a_duplicate()
    {
        DuplicateCheckedKeys(Encoding.UTF8.GetBytes("""{ "Values": { "A": "1", "B": "2", "A": "3" } }"""), out var duplicates);
        Assert.Equal(["A"], duplicates);
    }

    [Fact]
    public void Docs_infra_lists_exactly_the_settings_the_template_gives()
    {
        var doc = File.ReadAllLines(Path.Combine(CompiledTemplate.RepositoryRoot, "docs", "infra.md"));
        var start = Array.FindIndex(doc, l => l.Trim() == "## App settings");
        Assert.True(start >= 0, "docs/infra.md has no '## App settings' section");
        var listed = doc.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => Regex.Match(l, @"^\|\s*`([^`]+)`")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(Deployed.Keys.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_operator_role_can_deallocate_VMs_and_scale_set_instances_and_nothing_broader()
    {
        // The role's actions are a variable of the operator-role module (and its optional metrics read); read the whole template.
        Assert.Contains(CompiledTemplate.Resources(CompiledTemplate.Main.Json), r => (string?)r["type"] == "Microsoft.Authorization/roleDefinitions");
        var actions = string.Join("\n", CompiledTemplate.Strings(CompiledTemplate.Main.Json));
        Assert.Contains("Microsoft.Compute/virtualMachines/deallocate/action", actions);
        Assert.Contains("Microsoft.Compute/virtualMachineScaleSets/virtualMachines/deallocate/action", actions);
        Assert.DoesNotContain("Microsoft.Compute/virtualMachineScaleSets/deallocate/action", actions);
        Assert.DoesNotContain("Microsoft.Compute/virtualMachines/write", actions);
        Assert.DoesNotContain("Microsoft.Compute/virtualMachines/powerOff/action", actions);
    }

    [Fact]
    public void No_role_the_app_does_not_use_is_assigned()
    {
        const string costManagementReader = "72fafb9e-0641-4937-9268-a91bfd8191a3"; // the app never calls Cost Management
        var text = string.Join("\n", CompiledTemplate.Strings(CompiledTemplate.Main.Json));
        Assert.DoesNotContain(costManagementReader, text);
    }

    [Fact]
    public void The_cost_management_export_is_declared_as_a_daily_month_to_date_FOCUS_export()
    {
        var export = Assert.Single(CompiledTemplate.Resources(CompiledTemplate.Main.Json), r => (string?)r["type"] == "Microsoft.CostManagement/exports");
        var text = export.ToJsonString();
        Assert.Contains("FocusCost", text);
        Assert.Contains("MonthToDate", text);
        Assert.Contains("Daily", text);
    }

    /// <summary>Settings named by the channels of the guardrails.yaml the app ships with.</summary>
    private static IEnumerable<string> ShippedChannelSettings()
    {
        var config = GuardrailsConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, "guardrails.yaml"));
        return config.Channels.Values.SelectMany(c => new[] { c.WebhookUrlSetting, c.ConnectionSetting }).OfType<string>().Distinct();
    }

    /// <summary>Whether some code reads a setting: the host, the connection forms, the named settings, or a property of a bound options section.</summary>
    private static bool IsRead(string name)
    {
        string[] host = ["FUNCTIONS_WORKER_RUNTIME", "AZURE_FUNCTIONS_ENVIRONMENT", "AZURE_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "AzureWebJobsStorage"];
        if (host.Contains(name) || name.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal)) return true;
        string[] connectionKeys = ["accountName", "blobServiceUri", "queueServiceUri", "tableServiceUri", "serviceUri", "credential", "clientId"];
        foreach (var connection in new[] { AppSettings.Storage, AppSettings.Exports })
            if (name == connection || connectionKeys.Any(k => name == connection + "__" + k)) return true;
        var named = typeof(AppSettings).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => AppSettings.AsEnvironmentName((string)f.GetRawConstantValue()!));
        if (named.Contains(name) || ShippedChannelSettings().Contains(name)) return true;
        var sections = new Dictionary<string, Type[]>
        {
            ["Pipeline"] = [typeof(ExportPipelineOptions)],
            ["Idle"] = [typeof(IdleOptions)],
            ["Budgets"] = [typeof(BudgetJobOptions)],
            ["GitHub"] = [typeof(GitHubOptions)],
            ["RetailPrices"] = [typeof(RetailPricesOptions)],
            ["BicepRegistry"] = [typeof(BicepRegistryOptions)],
        };
        var read = new Dictionary<string, string[]>
        {
            ["PullRequests"] = ["ChecksTable", "PriceRegions", "QueueName"],
            ["Dashboard"] = ["Basis", "CarbonRegion"],
            ["GuardrailEvents"] = ["ServiceBus", "Topic"],
            ["Actions"] = ["DryRun"],
        };
        var parts = name.Split("__");
        if (parts.Length < 2) return false;
        if (sections.TryGetValue(parts[0], out var types))
            return types.Any(t => t.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null);
        return read.TryGetValue(parts[0], out var props) && props.Contains(parts[1]);
    }

    /// <summary>The keys of "Values", with any key that appears twice in the raw JSON (System.Text.Json keeps the last silently).</summary>
    private static HashSet<string> DuplicateCheckedKeys(byte[] json, out List<string> duplicates)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        duplicates = [];
        var inValues = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            var name = reader.GetString()!;
            if (reader.CurrentDepth == 1) { inValues = name == "Values"; continue; }
            if (inValues && reader.CurrentDepth == 2 && !keys.Add(name)) duplicates.Add(name);
        }
        return keys;
    }
}
