using System.Diagnostics;
using System.Globalization;

namespace Guardrails.Benchmarks.Generator;

internal static class GenerateCommand
{
    public static GeneratedExport Run(long rows, int seed, string output, int resources)
    {
        var path = Path.IsPathRooted(output) ? output : Path.Combine(Repository.Root, output);
        var prices = SkuPriceTable.Load(Repository.Root);
        var generator = new FocusExportGenerator(new GeneratorOptions
        {
            Rows = rows,
            Seed = seed,
            OutputPath = path,
            Resources = resources,
        }, prices);
        var clock = Stopwatch.StartNew();
        var result = generator.Write();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {result.Rows:N0} rows, {result.Bytes / 1e6:F1} MB ({(double)result.Bytes / Math.Max(1, result.Rows):F0} bytes/row), {result.Resources:N0} resources, seed {seed} in {clock.Elapsed.TotalSeconds:F1} s -> {path}"));
        WriteTruth(result, seed);
        return result;
    }

    /// <summary>The generator's exact per-currency sums, kept beside the file: the truth both engines are checked against.</summary>
    public static string TruthPath(string csv) => csv + ".totals.json";

    private static void WriteTruth(GeneratedExport result, int seed) =>
        File.WriteAllText(TruthPath(result.Path), System.Text.Json.JsonSerializer.Serialize(new
        {
            seed,
            rows = result.Rows,
            bytes = result.Bytes,
            totals = result.TotalsByCurrency.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new { currency = t.Key, billedCost = t.Value.Billed, effectiveCost = t.Value.Effective }),
        }));

    public static IReadOnlyList<IngestVsDuckDb.Totals>? ReadTruth(string csv)
    {
        var path = TruthPath(csv);
        if (!File.Exists(path)) return null;
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("totals").EnumerateArray()
            .Select(t => new IngestVsDuckDb.Totals(t.GetProperty("currency").GetString()!, t.GetProperty("billedCost").GetDecimal(),
                t.GetProperty("effectiveCost").GetDecimal()))
            .ToArray();
    }

    public static void Print(GeneratedExport result)
    {
        foreach (var (currency, (billed, effective)) in result.TotalsByCurrency.OrderBy(t => t.Key, StringComparer.Ordinal))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {currency}: BilledCost {billed:F2}  EffectiveCost {effective:F2}"));
    }
}
