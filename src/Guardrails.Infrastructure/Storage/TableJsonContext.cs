using System.Text.Json.Serialization;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.RightSizing;

namespace Guardrails.Infrastructure.Storage;

/// <summary>
/// Source-generated metadata of the JSON kept in Table Storage columns: string lists (alert targets, audit reasons),
/// ledger run totals, budget definitions and right-sizing findings. Each store passes its own options.
/// </summary>
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<CurrencyTotal>))]
[JsonSerializable(typeof(IReadOnlyList<CurrencyTotal>))]
[JsonSerializable(typeof(BudgetConfig))]
[JsonSerializable(typeof(RightSizingRecommendation))]
[JsonSerializable(typeof(CheckpointStorageFinding))]
internal sealed partial class TableJsonContext : JsonSerializerContext;
