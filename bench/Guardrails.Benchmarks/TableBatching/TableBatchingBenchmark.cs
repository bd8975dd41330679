using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Guardrails.Infrastructure.Local;

namespace Guardrails.Benchmarks.TableBatching;

/// <summary>
/// `table-batching` (issue 3): the same N daily cost facts written to Table Storage (Azurite, started here on
/// free loopback ports) once with one UpsertEntity request per fact and once with entity-group transactions of at
/// most 100 entities of one partition (SubmitTransaction). Both run sequentially, one request in flight, after a
/// warm-up; the ratio is single time / batched time (target ≥ 5×). Both tables are counted afterwards.
/// </summary>
internal static class TableBatchingBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int MaxBatch = 100; // Table Storage: at most 100 operations per transaction, one partition

    public static async Task<int> RunAsync(Args args)
    {
        var count = args.GetInt("entities", 2000);
        var partitions = args.GetInt("partitions", 4);
        var connection = args.Get("connection");

        AzuriteLauncher? azurite = null;
        if (connection is null)
        {
            Console.WriteLine("starting Azurite (in-memory, free loopback ports) …");
            azurite = await AzuriteLauncher.StartAsync(log: Console.Out);
            connection = azurite.ConnectionString;
        }
        try
        {
            var service = new TableServiceClient(connection);
            var facts = Facts(count, partitions, seed: 42);

            // Warm-up: connections, JIT, Azurite's first-table costs; not measured.
            await WriteSingleAsync(await NewTableAsync(service, "warmsingle"), Facts(50, 1, seed: 7));
            await WriteBatchedAsync(await NewTableAsync(service, "warmbatch"), Facts(150, 1, seed: 7));

            var singleTable = await NewTableAsync(service, "single");
            var batchTable = await NewTableAsync(service, "batched");

            var clock = Stopwatch.StartNew();
            var singleRequests = await WriteSingleAsync(singleTable, facts);
            var single = clock.Elapsed;

            clock.Restart();
            var batchRequests = await WriteBatchedAsync(batchTable, facts);
            var batched = clock.Elapsed;

            var singleCount = await CountAsync(singleTable);
            var batchCount = await CountAsync(batchTable);
            var ratio = single.TotalSeconds / batched.TotalSeconds;

            Console.WriteLine(string.Create(Inv, $"""

                {count:N0} facts in {partitions} partitions (PK scope|month, RK day|fact key), Azure.Data.Tables against Azurite
                | mode | requests | wall s | entities/s |
                | --- | ---: | ---: | ---: |
                | single UpsertEntity (Replace) | {singleRequests:N0} | {single.TotalSeconds:F2} | {count / single.TotalSeconds:N0} |
                | batched SubmitTransaction (≤ {MaxBatch}/partition) | {batchRequests:N0} | {batched.TotalSeconds:F2} | {count / batched.TotalSeconds:N0} |

                batched is {ratio:F1}× faster (target ≥ 5×: {(ratio >= 5 ? "met" : "NOT met")})
                {(singleCount == count && batchCount == count ? "OK  " : "FAIL")} entities stored: single {singleCount:N0}, batched {batchCount:N0}, expected {count:N0}
                """));
            return singleCount == count && batchCount == count ? 0 : 1;
        }
        finally
        {
            if (azurite is not null) await azurite.DisposeAsync();
        }
    }

    private static async Task<TableClient> NewTableAsync(TableServiceClient service, string prefix)
    {
        var table = service.GetTableClient(prefix + Guid.NewGuid().ToString("N")[..10]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static async Task<int> WriteSingleAsync(TableClient table, IReadOnlyList<TableEntity> facts)
    {
        foreach (var fact in facts) await table.UpsertEntityAsync(fact, TableUpdateMode.Replace);
        return facts.Count;
    }

    private static async Task<int> WriteBatchedAsync(TableClient table, IReadOnlyList<TableEntity> facts)
    {
        var requests = 0;
        foreach (var partition in facts.GroupBy(f => f.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(MaxBatch))
            {
                await table.SubmitTransactionAsync(chunk.Select(f => new TableTransactionAction(TableTransactionActionType.UpsertReplace, f)));
                requests++;
            }
        }
        return requests;
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"])) n++;
        return n;
    }

    /// <summary>
    /// Entities shaped like the ledger's daily facts: PK "{scope}|{yyyy-MM}", RK "{yyyy-MM-dd}|{hash of the fact
    /// key}" (Table keys may not hold '/', '\', '#', '?'), the fact's dimensions and amounts (decimals as invariant
    /// strings: Table Storage has no decimal type).
    /// </summary>
    internal static IReadOnlyList<TableEntity> Facts(int count, int partitions, int seed)
    {
        var random = new Random(seed);
        string[] teams = ["vision", "llm-pretrain", "speech", "recsys", "platform", "unallocated"];
        string[] categories = ["GpuCompute", "CpuCompute", "Storage", "Network", "Other"];
        string[] services = ["Virtual Machines", "Storage", "Bandwidth", "Virtual Network", "Log Analytics"];
        string[] pricing = ["Standard", "Dynamic", "Committed"];
        var facts = new List<TableEntity>(count);
        for (var i = 0; i < count; i++)
        {
            var scope = $"sub-{i % partitions:D2}";
            var day = new DateOnly(2026, 10, 1).AddDays(i / partitions % 31);
            var team = teams[random.Next(teams.Length)];
            var category = categories[random.Next(categories.Length)];
            var service = services[random.Next(services.Length)];
            var price = pricing[random.Next(pricing.Length)];
            var factKey = $"team={team}|Direct|{category}|{service}|{price}|USD|/subscriptions/{scope}|rg-{team}-{i}";
            var billed = decimal.Round((decimal)random.NextDouble() * 500m, 10);
            facts.Add(new TableEntity($"{scope}|{day:yyyy-MM}", $"{day:yyyy-MM-dd}|{Hash(factKey)}")
            {
                ["Day"] = day.ToString("yyyy-MM-dd", Inv),
                ["Allocation"] = $"{{\"team\":\"{team}\"}}",
                ["Kind"] = "Direct",
                ["Category"] = category,
                ["ServiceName"] = service,
                ["PricingCategory"] = price,
                ["Currency"] = "USD",
                ["SubAccountId"] = $"/subscriptions/{scope}",
                ["ResourceGroupName"] = $"rg-{team}-{i}",
                ["BilledCost"] = billed.ToString(Inv),
                ["EffectiveCost"] = billed.ToString(Inv),
                ["ListCost"] = decimal.Round(billed * 1.05m, 10).ToString(Inv),
                ["ConsumedQuantity"] = decimal.Round((decimal)random.NextDouble() * 24m, 6).ToString(Inv),
                ["GpuHours"] = category == "GpuCompute" ? decimal.Round((decimal)random.NextDouble() * 96m, 6).ToString(Inv) : "0",
                ["RowCount"] = (long)random.Next(1, 500),
            });
        }
        return facts;
    }

    private static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12));
}
