using System.Text.Json;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Cli.Commands.Costs;

/// <summary>One row of a costs report: the allocation values asked for (--by), a currency and its sums.</summary>
public sealed record CostsRow(IReadOnlyList<KeyValuePair<string, string>> Allocation, string Currency, decimal BilledCost, decimal EffectiveCost);

/// <summary>A month of ledger facts grouped by some allocation keys (what `guardrails costs` prints).</summary>
public sealed record CostsReport(string Month, IReadOnlyList<CurrencyTotal> Totals, IReadOnlyList<CostsRow> Rows)
{
    /// <summary>Groups facts by <paramref name="by"/> (allocation keys; empty = every key the facts carry) and currency.</summary>
    public static CostsReport Build(string month, IReadOnlyList<DailyCostFact> facts, IReadOnlyList<string> by)
    {
        var keys = by.Count > 0
            ? by
            : facts.SelectMany(f => f.Allocation.Pairs.Select(p => p.Key)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var rows = facts
            .GroupBy(f => (Allocation: string.Join('\u001f', keys.Select(k => f.Allocation[k] ?? "")), f.Currency))
            .Select(g => new CostsRow(
                keys.Select(k => new KeyValuePair<string, string>(k, g.First().Allocation[k] ?? "")).ToList(),
                g.Key.Currency, g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost)))
            .OrderBy(r => r.Currency, StringComparer.Ordinal)
            .ThenByDescending(r => r.EffectiveCost)
            .ThenBy(r => string.Join(';', r.Allocation.Select(p => p.Value)), StringComparer.Ordinal)
            .ToList();
        var totals = facts.GroupBy(f => f.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost))).ToList();
        return new CostsReport(month, totals, rows);
    }

    /// <summary>{month, totals: [{currency, billedCost, effectiveCost}], rows: [{allocation: {key: value}, currency, billedCost, effectiveCost}]}</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("month", Month);
            w.WriteStartArray("totals");
            foreach (var t in Totals)
            {
                w.WriteStartObject();
                w.WriteString("currency", t.Currency);
                w.WriteNumber("billedCost", t.BilledCost);
                w.WriteNumber("effectiveCost", t.EffectiveCost);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var r in Rows)
            {
                w.WriteStartObject();
                w.WriteStartObject("allocation");
                foreach (var (k, v) in r.Allocation) w.WriteString(k, v);
                w.WriteEndObject();
                w.WriteString("currency", r.Currency);
                w.WriteNumber("billedCost", r.BilledCost);
                w.WriteNumber("effectiveCost", r.EffectiveCost);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>RFC 4180 CSV: the allocation keys, currency, billedCost, effectiveCost (invariant decimals, as stored); one row per group.</summary>
    public void WriteCsv(TextWriter writer)
    {
        var keys = Rows.FirstOrDefault()?.Allocation.Select(p => p.Key).ToList() ?? [];
        Hosting.CliOutput.WriteCsv(writer, [.. keys, "currency", "billedCost", "effectiveCost"],
            Rows.Select(r => (IReadOnlyList<string?>)[.. r.Allocation.Select(p => p.Value), r.Currency,
                Hosting.CliOutput.Number(r.BilledCost), Hosting.CliOutput.Number(r.EffectiveCost)]));
    }

    public void Write(IAnsiConsole console)
    {
        var table = new Table().Title($"Costs {Month}");
        var keys = Rows.FirstOrDefault()?.Allocation.Select(p => p.Key).ToList() ?? [];
        foreach (var k in keys) table.AddColumn(Markup.Escape(k));
        table.AddColumn("Currency");
        table.AddColumn(new TableColumn("BilledCost").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("EffectiveCost").RightAligned().NoWrap());
        foreach (var r in Rows)
            table.AddRow([.. r.Allocation.Select(p => Markup.Escape(p.Value)), r.Currency, Money.Amount(r.BilledCost), Money.Amount(r.EffectiveCost)]);
        foreach (var t in Totals)
            table.AddRow([.. keys.Select((_, i) => i == 0 ? "[bold]total[/]" : ""), t.Currency, $"[bold]{Money.Amount(t.BilledCost)}[/]", $"[bold]{Money.Amount(t.EffectiveCost)}[/]"]);
        console.WriteWhole(table);
    }
}
