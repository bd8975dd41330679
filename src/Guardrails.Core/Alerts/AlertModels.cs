using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Actions;
using Guardrails.Core.Common;

namespace Guardrails.Core.Alerts;

/// <summary>What an alert is about.</summary>
public enum AlertKind { Actual, Forecast, Anomaly, NewGpuSku, SpendingLimit }

/// <summary>Lifecycle of one alert record. Pending and Sending (with an expired lease) are retried each run.</summary>
public enum AlertStatus { Pending, Sending, Delivered, Suppressed }

/// <summary>
/// The once-only identity of an alert: (budget, kind, threshold, period), plus whether it reports a recovery.
/// <see cref="Threshold"/> is the percentage for Actual/Forecast/SpendingLimit, the day for an anomaly, "sku:NAME"
/// for a new GPU SKU.
/// </summary>
public sealed record AlertKey(string BudgetName, AlertKind Kind, string Threshold, string Period, bool Recovery = false)
{
    public string RowKey => $"{Period}|{Kind}|{Threshold}{(Recovery ? "|recovered" : "")}";

    /// <summary>Deterministic id (also the Service Bus MessageId, so the broker deduplicates).</summary>
    public string AlertId
    {
        get
        {
            var raw = $"{BudgetName}-{Period}-{Kind}-{Threshold}{(Recovery ? "-recovered" : "")}".ToLowerInvariant();
            var sb = new StringBuilder(raw.Length);
            foreach (var c in raw) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-');
            return sb.Length <= 128 ? sb.ToString() : sb.ToString(0, 128);
        }
    }

    public static string FormatPercent(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>One stored alert: its state, its delivery progress per target, and the message it carries.</summary>
public sealed record AlertRecord
{
    public required AlertKey Key { get; init; }
    public required AlertStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Channel names to deliver to (from the budget), plus "guardrail-events" and "actions" where they apply.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];
    public IReadOnlyList<string> DeliveredTargets { get; init; } = [];
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    /// <summary>The notification, frozen when the alert fired, so a retry sends exactly the same message.</summary>
    public required AlertNotification Notification { get; init; }
    /// <summary>Optimistic-concurrency token of the store (null before the record is stored).</summary>
    public string? ETag { get; init; }

    public string Id => Key.AlertId;
}

/// <summary>The content of an alert: what every card renders and what the event carries.</summary>
public sealed record AlertNotification
{
    public required string AlertId { get; init; }
    public required string BudgetName { get; init; }
    public required AlertKind Kind { get; init; }
    public bool Recovery { get; init; }
    public required string Threshold { get; init; }
    public required string Severity { get; init; }
    public required string Period { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }
    public required string Scope { get; init; }
    public required string Currency { get; init; }
    public decimal Amount { get; init; }
    public decimal Spent { get; init; }
    public decimal PercentUsed { get; init; }
    public decimal Forecast { get; init; }
    public decimal ForecastLow { get; init; }
    public decimal ForecastHigh { get; init; }
    public DateOnly? BreachDate { get; init; }
    public DateOnly? DataThrough { get; init; }
    public decimal? EstimatedSinceBilling { get; init; }
    /// <summary>What the estimate was priced from ("GPU telemetry × on-demand price, 3 VMs, 14 h"; unpriced machines).</summary>
    public string? EstimatedBasis { get; init; }
    public IReadOnlyList<CostDriver> TopDrivers { get; init; } = [];
    public IReadOnlyList<string> Owners { get; init; } = [];
    public string? DashboardUrl { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Spending limits: the action requests this alert carries to the action executor.</summary>
    public IReadOnlyList<GuardrailActionRequest> Actions { get; init; } = [];
    /// <summary>
    /// The other alerts of the same budget raised in the same evaluation, folded into this card (one card per budget per
    /// evaluation): their titles. Each keeps its own once-only record; only this one is delivered.
    /// </summary>
    public IReadOnlyList<string> AlsoRaised { get; init; } = [];

    /// <summary>Alerts, their records, action requests and audit entries as events: camelCase, enums by name, nulls left out.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new JsonStringEnumConverter<AlertKind>(), new JsonStringEnumConverter<AlertStatus>(), new JsonStringEnumConverter<GuardrailActionKind>(),
            new JsonStringEnumConverter<ActionOrigin>(), new JsonStringEnumConverter<ActionOutcomeStatus>(),
        },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = AlertJsonContext.Default,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions.Of<AlertNotification>());
    public static AlertNotification FromJson(string json) =>
        JsonSerializer.Deserialize(json, JsonOptions.Of<AlertNotification>()) ?? throw new JsonException("Empty alert payload.");
}
