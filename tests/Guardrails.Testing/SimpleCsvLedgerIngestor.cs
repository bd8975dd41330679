using System.Globalization;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Testing;

/// <summary>
/// A small, real <see cref="ICostLedgerIngestor"/> for pipeline tests: reads "Day,Team,Currency,BilledCost,EffectiveCost"
/// CSV (no quoting) and aggregates it into daily facts per team and currency. It lets storage tests know the exact
/// totals of an export independently of the production readers. <see cref="BeforeIngest"/> lets a test fail or
/// block a call.
/// </summary>
public sealed class SimpleCsvLedgerIngestor : ICostLedgerIngestor
{
    private int _calls;

    public Func<IngestSource, int, CancellationToken, Task>? BeforeIngest { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public async Task<IngestResult> IngestAsync(IReadOnlyList<IngestSource> sources, IngestOptions options, CancellationToken cancellationToken = default)
    {
        var facts = new Dictionary<(DateOnly, string, string), DailyCostFact>();
        long rows = 0;
        foreach (var source in sources)
        {
            var call = Interlocked.Increment(ref _calls);
            if (BeforeIngest is not null) await BeforeIngest(source, call, cancellationToken);
            await using var stream = await source.OpenAsync(cancellationToken);
            using var reader = new StreamReader(stream);
            var header = await reader.ReadLineAsync(cancellationToken);
            if (header?.TrimStart('\uFEFF') != Header) throw new FormatException($"{source.Name}: line 1: expected header '{Header}'.");
            var line = 1;
            while (await reader.ReadLineAsync(cancellationToken) is { } text)
            {
                line++;
                if (text.Length == 0) continue;
                var f = text.Split(',');
                if (f.Length != 5) throw new FormatException($"{source.Name}: line {line}: expected 5 fields.");
                rows++;
                var day = DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var billed = decimal.Parse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture);
                var effective = decimal.Parse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture);
                var key = (day, f[1], f[2]);
                facts[key] = facts.TryGetValue(key, out var sum)
                    ? sum with { BilledCost = sum.BilledCost + billed, EffectiveCost = sum.EffectiveCost + effective, RowCount = sum.RowCount + 1 }
                    : new DailyCostFact
                    {
                        Day = day,
                        Allocation = new AllocationKey([new("team", f[1]), new("project", "p-" + f[1])]),
                        Category = CostCategory.GpuCompute,
                        ServiceName = "Virtual Machines",
                        Currency = f[2],
                        BilledCost = billed,
                        EffectiveCost = effective,
                        RowCount = 1,
                    };
            }
        }
        var list = facts.Values.ToList();
        return new IngestResult
        {
            RowsRead = rows,
            RowsAccepted = rows,
            Facts = list,
            Totals = Totals(list),
        };
    }

    public const string Header = "Day,Team,Currency,BilledCost,EffectiveCost";

    public static IReadOnlyList<CurrencyTotal> Totals(IEnumerable<DailyCostFact> facts) =>
        facts.GroupBy(f => f.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost))).ToList();

    /// <summary>A deterministic export: <paramref name="rows"/> rows over the month's first days, a few teams, two currencies.</summary>
    public static string MakeCsv(int rows, int year, int month, int seed = 1, int days = 10)
    {
        var rnd = new Random(seed);
        var teams = new[] { "vision", "speech", "llm", "unallocated" };
        var sb = new System.Text.StringBuilder(Header).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var day = new DateOnly(year, month, 1 + i % days);
            var billed = Math.Round((decimal)rnd.NextDouble() * 100m, 6) + 0.0000001m * rnd.Next(1, 9);
            var effective = Math.Round(billed * 0.9m, 8);
            sb.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},{teams[rnd.Next(teams.Length)]},{(i % 7 == 0 ? "EUR" : "USD")},{billed.ToString(CultureInfo.InvariantCulture)},{effective.ToString(CultureInfo.InvariantCulture)}\n");
        }
        return sb.ToString();
    }
}
