using System.Text.Json;
using Guardrails.Cli.Commands;
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
        Assert.Equal(IngestCommand.ExitInputError, run.ExitCode);
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
        Assert.Contains("--format 'xml' is not one of auto, focus, azure-ea, azure-mca", run.Error);
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
