using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Budgets;
using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Budgets;

/// <summary>
/// Budgets in Table Storage when deployed (table <c>budgets</c>, PartitionKey <c>budget</c>, RowKey = lower-case name,
/// the definition as JSON). Each evaluation stores the budgets declared in guardrails.yaml (Source = config; they win
/// over a stored budget of the same name, and a config budget removed from the file is removed from the table) and
/// adds budgets stored by operators or other tools (Source = table) without a redeploy. A stored budget that does not
/// validate is left out, with an error naming the budget and the field.
/// </summary>
public sealed class TableBudgetStore(TableClient table) : IBudgetDefinitionStore
{
    public const string DefaultTableName = BudgetJobOptions.DefaultBudgetsTable;
    public const string Partition = "budget";
    public const string ConfigSource = "config";
    public const string TableSource = "table";
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { TypeInfoResolver = TableJsonContext.Default };

    public async Task<BudgetDefinitions> SyncAsync(IReadOnlyList<BudgetConfig> declared, IReadOnlyDictionary<string, ChannelConfig> channels,
        CancellationToken cancellationToken = default)
    {
        await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        var names = new HashSet<string>(declared.Select(b => b.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var b in declared)
            await UpsertAsync(b, ConfigSource, cancellationToken).ConfigureAwait(false);

        var extra = new List<BudgetConfig>();
        var errors = new List<ConfigError>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var name = e.GetString("Name") ?? e.RowKey;
            if (names.Contains(name)) continue;
            if (e.GetString("Source") == ConfigSource)
            {
                // Declared once, no longer in guardrails.yaml: the file is the source of truth for its budgets.
                try { await table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken).ConfigureAwait(false); }
                catch (RequestFailedException ex) when (ex.Status == 404) { } // a concurrent run removed it first
                continue;
            }
            var where = $"{table.Name}/{e.RowKey}";
            BudgetConfig? budget;
            try { budget = JsonSerializer.Deserialize(e.GetString("Definition") ?? "", s_json.Of<BudgetConfig>()); }
            catch (JsonException ex) { errors.Add(new ConfigError(where, null, $"budgets[{name}].Definition", $"budget '{name}': not a budget definition ({ex.Message})")); continue; }
            if (budget is null) { errors.Add(new ConfigError(where, null, $"budgets[{name}].Definition", $"budget '{name}': empty definition")); continue; }
            // JSON gives plain dictionaries: scopes compare case-insensitively, as from guardrails.yaml.
            budget.Scope = new Dictionary<string, string>(budget.Scope ?? [], StringComparer.OrdinalIgnoreCase);
            if (budget.OnBreach is { } onBreach) onBreach.Scope = new Dictionary<string, string>(onBreach.Scope ?? [], StringComparer.OrdinalIgnoreCase);
            var context = new ConfigValidationContext(where);
            BudgetConfig.ValidateAll([budget], channels, context);
            if (context.Errors.Count > 0)
            {
                errors.AddRange(context.Errors.Select(x => new ConfigError(where, null, x.Field.Replace("budgets[0]", $"budgets[{name}]", StringComparison.Ordinal), x.Message)));
                continue;
            }
            names.Add(budget.Name);
            extra.Add(budget);
        }
        return new BudgetDefinitions([.. declared, .. extra.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase)], errors);
    }

    /// <summary>Stores a budget (an operator's budget uses <see cref="TableSource"/>).</summary>
    public async Task UpsertAsync(BudgetConfig budget, string source = TableSource, CancellationToken cancellationToken = default)
    {
        await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(Partition, RowKey(budget.Name))
        {
            ["Name"] = budget.Name,
            ["Source"] = source,
            ["Definition"] = JsonSerializer.Serialize(budget, s_json.Of<BudgetConfig>()),
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    internal static string RowKey(string name) =>
        new(name.Trim().ToLowerInvariant().Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
