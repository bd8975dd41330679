using System.Globalization;
using Guardrails.Core.Alerts;

namespace Guardrails.Core.Budgets;

/// <summary>One alert the evaluation wants to exist, before the store decides whether it is new.</summary>
public sealed record PlannedAlert(AlertKey Key, AlertStatus InitialStatus);

/// <summary>
/// The alert state machine, pure: from a budget's status and its existing records, which records to add.
/// <list type="bullet">
/// <item>Each (budget, kind, threshold, period) exists at most once, so it fires at most once.</item>
/// <item>When several thresholds of a kind are crossed for the first time together, only the highest is sent; the
/// lower ones are stored as Suppressed (a higher threshold escalates, it does not repeat the lower ones).</item>
/// <item>When a fired threshold is no longer crossed (forecast fell back, a credit restated the month), one
/// recovery is reported for the highest such threshold, once.</item>
/// </list>
/// </summary>
public static class AlertPlanner
{
    public static IReadOnlyList<PlannedAlert> Plan(string budgetName, string period, AlertKind kind, IEnumerable<decimal> thresholds,
        decimal percent, IReadOnlyList<AlertRecord> existing)
    {
        var mine = existing.Where(r => r.Key.Kind == kind && r.Key.Period == period).ToList();
        var fired = mine.Where(r => !r.Key.Recovery).ToDictionary(r => r.Key.Threshold, StringComparer.Ordinal);
        var recovered = mine.Where(r => r.Key.Recovery).Select(r => r.Key.Threshold).ToHashSet(StringComparer.Ordinal);
        var sorted = thresholds.Distinct().Order().ToList();
        var plan = new List<PlannedAlert>();

        var crossed = sorted.Where(t => percent >= t).ToList();
        var newlyCrossed = crossed.Where(t => !fired.ContainsKey(AlertKey.FormatPercent(t))).ToList();
        if (newlyCrossed.Count > 0)
        {
            var highestFired = fired.Values.Where(r => r.Status != AlertStatus.Suppressed)
                .Select(r => decimal.Parse(r.Key.Threshold, CultureInfo.InvariantCulture)).DefaultIfEmpty(decimal.MinValue).Max();
            var top = newlyCrossed.Max();
            foreach (var t in newlyCrossed)
            {
                var status = t == top && t > highestFired ? AlertStatus.Pending : AlertStatus.Suppressed;
                plan.Add(new PlannedAlert(new AlertKey(budgetName, kind, AlertKey.FormatPercent(t), period), status));
            }
        }

        var recoveredNow = fired.Values
            .Where(r => r.Status != AlertStatus.Suppressed && !recovered.Contains(r.Key.Threshold))
            .Select(r => decimal.Parse(r.Key.Threshold, CultureInfo.InvariantCulture))
            .Where(t => percent < t)
            .Order().ToList();
        if (recoveredNow.Count > 0)
        {
            var top = recoveredNow.Max();
            foreach (var t in recoveredNow)
                plan.Add(new PlannedAlert(new AlertKey(budgetName, kind, AlertKey.FormatPercent(t), period, Recovery: true),
                    t == top ? AlertStatus.Pending : AlertStatus.Suppressed));
        }
        return plan;
    }
}
