using System.Text.Json;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

[Collection(ConsoleCaptureCollection.Name)]
public sealed class IngestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrails-ingest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<CliRun> Ingest(params string[] args) =>
        ConsoleCapture.RunAsync(c => c.AddCommand<IngestCommand>("ingest"), ["ingest", .. args]);

    private static string Config => Path.Combine(TestData.RepositoryRoot, "guardrails.yaml");
    private static string Multicloud => TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");

    [Fact]
    public async Task Json_is_one_document_on_stdout_with_counts_totals_and_groups()
    {
        var run = await Ingest(Multicloud, "--config", Config, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        using var doc = JsonDocument.Parse(run.Out); // the whole of stdout is one JSON document
        var root = doc.RootElement;
        Assert.Equal(1000, root.GetProperty("rowsRead").GetInt64());
        Assert.Equal(1000, root.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(0, root.GetProperty("rowsRejected").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("quarantine").ValueKind);

        var total = Assert.Single(root.GetProperty("totals").EnumerateArray().ToList());
        Assert.Equal("USD", total.GetProperty("currency").GetString());
        Assert.Equal(JsonValueKind.Number, total.GetProperty("billedCost").ValueKind);
        Assert.Equal(20.52022672899m, total.GetProperty("billedCost").GetDecimal()); // Σ BilledCost computed independently

        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(20.52022672899m, groups.Where(g => g.GetProperty("category").GetString() != "fixed").Sum(g => g.GetProperty("billedCost").GetDecimal()));
        Assert.Equal(total.GetProperty("effectiveCost").GetDecimal(),
            groups.Where(g => g.GetProperty("category").GetString() != "fixed").Sum(g => g.GetProperty("effectiveCost").GetDecimal()));
        var first = groups[0];
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", first.GetProperty("day").GetString());
        Assert.Equal(["team", "project", "env", "cost-center"], first.GetProperty("allocation").EnumerateObject().Select(p => p.Name));
        Assert.Contains(groups, g => g.GetProperty("allocation").GetProperty("team").GetString() == "PeoriaData");
        Assert.Contains(groups, g => g.GetProperty("category").GetString() == "fixed");
    }

    [Fact]
    public async Task A_folder_with_a_link_loop_ingests_each_export_once()
    {
        var folder = Path.Combine(_dir, "exports");
        Directory.CreateDirectory(Path.Combine(folder, "month"));
        File.Copy(TestData.Sample("billing", "azure-cost-export", "ea-legacy", "finops-toolkit_EA_ActualCost_Small.csv"),
            Path.Combine(folder, "month", "part-1.csv"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "month", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(folder, "again"), Path.Combine(folder, "month"));

        var run = await Ingest(folder, "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(11, doc.RootElement.GetProperty("rowsRead").GetInt64()); // not 22 through the second link, not a hang
    }

    [Fact]
    public async Task A_folder_ingests_every_export_inside()
    {
        var run = await Ingest(TestData.Sample("billing", "azure-cost-export", "ea-legacy"), "--config", Config, "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(11 + 28 + 0 + 27, doc.RootElement.GetProperty("rowsRead").GetInt64());
        Assert.Equal(["CAD", "USD"], doc.RootElement.GetProperty("totals").EnumerateArray().Select(t => t.GetProperty("currency").GetString()));
    }

    [Fact]
    public async Task Rejected_rows_are_counted_and_written_to_the_quarantine_file()
    {
        var csv = Path.Combine(_dir, "export.csv");
        File.WriteAllText(csv, """
            ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,Tags
            2024-09-01 00:00:00,2024-09-02 00:00:00,2.50,2.00,USD,Usage,"{""team"":""vision""}"
            2024-09-01 00:00:00,2024-09-02 00:00:00,not-a-number,1,USD,Usage,
            2024-09-02 00:00:00,2024-09-03 00:00:00,-1.25,-1.25,USD,Credit,
            """);
        var quarantine = Path.Combine(_dir, "rejected.csv");

        var run = await Ingest(csv, "--json", "--quarantine", quarantine, "--config", Config);

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        Assert.Equal((3L, 2L, 1L), (root.GetProperty("rowsRead").GetInt64(), root.GetProperty("rowsAccepted").GetInt64(), root.GetProperty("rowsRejected").GetInt64()));
        Assert.Equal(Path.GetFullPath(quarantine), root.GetProperty("quarantine").GetString());
        var lines = File.ReadAllLines(quarantine);
        Assert.Equal(2, lines.Length);
        Assert.Contains("BilledCost", lines[1]);
        Assert.Equal(1.25m, root.GetProperty("totals")[0].GetProperty("billedCost").GetDecimal());
    }

    [Fact]
    public async Task Missing_file_fails_with_a_clear_message()
    {
        var run = await Ingest(Path.Combine(_dir, "nope.csv"), "--json");
        Assert.Equal(GuardrailsApp.ExitUsageError, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("file not found", run.Error);
        Assert.Contains("nope.csv", run.Error);
    }

    [Fact]
    public async Task Not_a_cost_export_fails_naming_the_missing_columns()
    {
        var csv = Path.Combine(_dir, "people.csv");
        File.WriteAllText(csv, "name,age\nann,3\n");
        var run = await Ingest(csv, "--json");
        Assert.Equal(IngestCommand.ExitInputError, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("people.csv", run.Error);
        Assert.Contains("BilledCost", run.Error);
    }

    private const string FocusHeader = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency";
    private const string Big = "50000000000000000000000000000";

    /// <summary>Issue 15: hostile files whose problem is the whole file get one <c>error:</c> line naming the file (and
    /// the currency, for a total beyond the decimal range) and exit 1: no stack trace, no abort.</summary>
    [Theory]
    [InlineData("total.csv", "USD")]
    [InlineData("facts.csv", "CHF")]
    [InlineData("footer.parquet", "Parquet")]
    [InlineData("magic.parquet", "Parquet")]
    [InlineData("open-quote.csv", "unterminated quoted field")]
    public async Task A_hostile_file_is_one_error_line_naming_it_and_exit_1(string name, string expected)
    {
        var path = Path.Combine(_dir, name);
        switch (name)
        {
            case "total.csv":
                File.WriteAllText(path, FocusHeader + "\n" + string.Concat(Enumerable.Repeat($"2024-09-01,2024-09-02,{Big},{Big},USD\n", 4)));
                break;
            case "facts.csv": // the file's running total stays in range, the first day's fact does not
                File.WriteAllText(path, FocusHeader + $"\n2024-09-01,2024-09-02,{Big},{Big},CHF\n2024-09-03,2024-09-04,-{Big},-{Big},CHF\n" +
                                        $"2024-09-01,2024-09-02,{Big},{Big},CHF\n");
                break;
            case "footer.parquet":
                File.WriteAllBytes(path, [.. "PAR1"u8, .. new byte[64], 0xFF, 0xFF, 0xFF, 0xFF, .. "PAR1"u8]); // footer length -1
                break;
            case "magic.parquet":
                File.WriteAllBytes(path, [.. "PAR1"u8, .. new byte[64], 0x10, 0, 0, 0, .. "PARX"u8]);
                break;
            default:
                File.WriteAllText(path, FocusHeader + "\n2024-09-01,2024-09-02,1,1,USD\n2024-09-01,2024-09-02,\"1,1,USD\n");
                break;
        }

        foreach (var json in new[] { true, false })
        {
            var run = await Ingest(json ? [path, "--json"] : [path]);

            Assert.Equal(IngestCommand.ExitInputError, run.ExitCode);
            Assert.Equal("", run.Out);
            var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", line);
            Assert.Contains(name, line);
            Assert.Contains(expected, line);
        }
    }

    [Fact]
    public async Task Rows_at_the_edges_are_quarantined_and_the_ingest_exits_0()
    {
        var csv = Path.Combine(_dir, "edges.csv");
        var quarantine = Path.Combine(_dir, "q.csv");
        File.WriteAllText(csv, FocusHeader + "\n" +
                               "2024-09-01,2024-09-02,1.5,1.5,USD\n" +
                               "0001-01-01T00:00:00+01:00,2024-09-02,1,1,USD\n" +
                               "2024-09-01T00:00:00+99:00,2024-09-02,1,1,USD\n" +
                               "2024-09-02,2024-09-01,1,1,USD\n" +
                               "2024-09-01,2024-09-02,\"1.5\0\",1,USD\n" +
                               $"2024-09-01,2024-09-02,1e30,1,USD\n");

        var run = await Ingest(csv, "--json", "--quarantine", quarantine);

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal((6, 1, 5), (doc.RootElement.GetProperty("rowsRead").GetInt32(), doc.RootElement.GetProperty("rowsAccepted").GetInt32(),
            doc.RootElement.GetProperty("rowsRejected").GetInt32()));
        Assert.Equal(1.5m, doc.RootElement.GetProperty("totals")[0].GetProperty("billedCost").GetDecimal());
        Assert.Equal(6, File.ReadAllLines(quarantine).Length); // header + 5 rows, each with its line and reason
    }

    [Fact]
    public async Task Bad_config_fails_with_file_line_and_field()
    {
        var config = Path.Combine(_dir, "g.yaml");
        File.WriteAllText(config, "allocation:\n  keys:\n    - name: team\n      alias: [owner]\n");
        var run = await Ingest(Multicloud, "--config", config, "--json");
        Assert.Equal(IngestCommand.ExitConfigError, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains($"{config}:4: allocation.keys[0].alias: unknown key 'alias'", run.Error);
    }

    [Fact]
    public async Task Bad_format_option_is_refused()
    {
        var run = await Ingest(Multicloud, "--format", "xml", "--json");
        Assert.Equal(IngestCommand.ExitConfigError, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("--format 'xml' is not one of table, json, csv (output) or auto, focus, azure-ea, azure-mca (input: now --input-format)", run.Error);
    }

    [Fact]
    public async Task People_get_a_summary_table()
    {
        var run = await Ingest(Multicloud, "--config", Config, "--format", "focus");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Rows read 1,000, accepted 1,000, rejected 0", run.Out);
        Assert.Contains("20.52", run.Out);
        Assert.Contains("Cost by team and category", run.Out);
        Assert.Contains("PeoriaData", run.Out);
    }
}
