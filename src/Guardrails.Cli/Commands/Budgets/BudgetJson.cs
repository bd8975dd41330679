using System.Text.Json.Serialization;
using Guardrails.Core.Budgets;

namespace Guardrails.Cli.Commands.Budgets;

// The documents of `budgets --json` (properties camelCased by BudgetJsonContext, in the order printed).

/// <summary>One budget of the array.</summary>
internal sealed record BudgetJson(string Name, string Currency, decimal Amount, decimal Spent, decimal Forecast, decimal PercentUsed,
    string? BreachDate, string State);

/// <summary>A budget's fresh spend since the last billed hour (with --inventory).</summary>
internal sealed record EstimatedJson(decimal Amount, string From, string To, string Basis, int Machines, decimal MachineHours,
    IReadOnlyList<FreshSpendUnpriced> Unpriced);

/// <summary>The estimate against the bill (with --telemetry).</summary>
internal sealed record EstimateAccuracyJson(IEnumerable<EstimateAccuracyVmJson> PerVm, IEnumerable<EstimateAccuracyTeamJson> PerTeam,
    decimal? GpuVmErrorPercent);

internal sealed record EstimateAccuracyVmJson(string Name, string ResourceId, string VmSize, string Team, bool Gpu, string Currency, string From,
    string Through, string PricingModel, decimal TelemetryHours, decimal? BilledHours, decimal? EstimatedRate, decimal? BilledRate,
    decimal? Estimated, decimal? Billed, decimal? ErrorPercent, string? PriceSource, string? Gap, string? Unknown);

internal sealed record EstimateAccuracyTeamJson(string Team, string Currency, int Vms, int UnknownVms, decimal Estimated, decimal Billed,
    decimal? ErrorPercent);

/// <summary>Source-generated metadata of <c>budgets --json</c> (no reflection: the native CLI writes it too).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BudgetJson))]
[JsonSerializable(typeof(EstimatedJson))]
[JsonSerializable(typeof(EstimateAccuracyJson))]
internal sealed partial class BudgetJsonContext : JsonSerializerContext;
