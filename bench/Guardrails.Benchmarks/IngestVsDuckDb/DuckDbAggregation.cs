using System.Diagnostics;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Guardrails.Benchmarks.IngestVsDuckDb;

/// <summary>
/// The DuckDB side of the comparison: the same GROUP BY the ledger computes, written as well as SQL allows.
/// Runs in a child process of the benchmark (`duckdb-query`), so its wall time and peak memory are measured the
/// same way as the `guardrails ingest` child.
/// </summary>
internal static class DuckDbAggregation
{
    /// <summary>
    /// Day from ChargePeriodStart; team from the Tags JSON under the key spellings the generator writes
    /// (team, Team, " owner-team": JSON paths are case-sensitive, so each alias is spelled out — Guardrails
    /// matches keys case-insensitively and trimmed); category approximated from ServiceName/ServiceCategory and
    /// the GPU meter families (NC, ND, NV, NG); money read as DECIMAL(38,10) so sums are exact.
    /// </summary>
    public static string Sql(string path) => $"""
        SELECT substr(ChargePeriodStart, 1, 10) AS day,
               coalesce(nullif(trim(json_extract_string(Tags, '$.team')), ''),
                        nullif(trim(json_extract_string(Tags, '$.Team')), ''),
                        nullif(trim(json_extract_string(Tags, '$." owner-team"')), ''),
                        'unallocated') AS team,
               CASE WHEN ServiceName = 'Virtual Machines' AND regexp_matches(x_SkuMeterName, '^(NC|ND|NV|NG)') THEN 'GpuCompute'
                    WHEN ServiceCategory = 'Compute' THEN 'CpuCompute'
                    WHEN ServiceCategory = 'Storage' THEN 'Storage'
                    WHEN ServiceCategory = 'Networking' THEN 'Network'
                    ELSE 'Other' END AS category,
               BillingCurrency AS currency,
               sum(BilledCost) AS billed,
               sum(EffectiveCost) AS effective,
               count(*) AS n
        FROM read_csv('{path.Replace("'", "''", StringComparison.Ordinal)}', header = true, nullstr = ['NULL', ''],
                      types = {'{'}'BilledCost': 'DECIMAL(38,10)', 'EffectiveCost': 'DECIMAL(38,10)',
                               'ChargePeriodStart': 'VARCHAR', 'Tags': 'VARCHAR', 'x_SkuMeterName': 'VARCHAR'{'}'})
        GROUP BY ALL
        """;

    /// <summary>
    /// The query a DuckDB user writes first (issue 17): no types, no null strings, no key spellings, DuckDB's default
    /// threads (one per core) — day, the team tag, the service, and the sums. It is not the same grouping as the ledger's
    /// (one team spelling, no category, no currency), so it is timed, its row count checked, and its groups not compared.
    /// As written it fails on Azure's exports: a bare <c>NULL</c> in Tags is not JSON ("Malformed JSON"), so the
    /// benchmark runs it with the one option a user adds next, <c>nullstr = ['NULL', '']</c> (<paramref name="nullStrings"/>).
    /// </summary>
    public static string PlainSql(string path, bool nullStrings = true) => $"""
        SELECT date_trunc('day', ChargePeriodStart), json_extract_string(Tags, '$.team'), ServiceName,
               sum(EffectiveCost), sum(BilledCost), count(*)
        FROM read_csv('{path.Replace("'", "''", StringComparison.Ordinal)}'{(nullStrings ? ", nullstr = ['NULL', '']" : "")})
        GROUP BY ALL
        """;

    /// <summary>What the plain query returned: its groups and the rows they count (or the error DuckDB gave).</summary>
    public sealed record PlainResult(double QuerySeconds, int Groups, long Rows, string? Error);

    public static PlainResult RunPlain(string path, bool nullStrings = true)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = PlainSql(path, nullStrings);
        int groups = 0;
        long rows = 0;
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                groups++;
                rows += reader.GetInt64(5);
            }
        }
        catch (DuckDBException e)
        {
            return new PlainResult(clock.Elapsed.TotalSeconds, groups, rows, e.Message);
        }
        return new PlainResult(clock.Elapsed.TotalSeconds, groups, rows, null);
    }

    public sealed record QueryResult(double QuerySeconds, int Threads, List<Group> Groups);

    public static QueryResult Run(string path, int threads)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var set = connection.CreateCommand())
        {
            set.CommandText = $"SET threads = {threads}";
            set.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = Sql(path);
        var groups = new List<Group>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                groups.Add(new Group(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetDecimal(4), reader.GetDecimal(5), reader.GetInt64(6)));
            }
        }
        return new QueryResult(clock.Elapsed.TotalSeconds, threads, groups);
    }

    /// <summary>Entry point of the `duckdb-query` child: runs the query and writes the result as JSON.</summary>
    public static int RunChild(string path, int threads, string output, bool plain = false)
    {
        File.WriteAllText(output, plain ? JsonSerializer.Serialize(RunPlain(path)) : JsonSerializer.Serialize(Run(path, threads)));
        return 0;
    }

    public static PlainResult ReadPlain(string output) =>
        JsonSerializer.Deserialize<PlainResult>(File.ReadAllText(output)) ?? throw new InvalidOperationException($"Empty DuckDB result in {output}.");

    public static EngineOutput Read(string output)
    {
        var result = JsonSerializer.Deserialize<QueryResult>(File.ReadAllText(output))
            ?? throw new InvalidOperationException($"Empty DuckDB result in {output}.");
        var totals = result.Groups.GroupBy(g => g.Currency)
            .Select(g => new Totals(g.Key, g.Sum(x => x.BilledCost), g.Sum(x => x.EffectiveCost)))
            .OrderBy(t => t.Currency, StringComparer.Ordinal).ToArray();
        return new EngineOutput("duckdb", result.Groups.Sum(g => g.Rows), totals, result.Groups);
    }
}
