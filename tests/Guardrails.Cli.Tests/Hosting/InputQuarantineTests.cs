using Guardrails.Cli.Tests.Commands;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Hosting;

/// <summary>
/// Commands that read --input exports in memory (report, budgets --input) never hide rows they could not read: the
/// rows are set aside in a quarantine CSV with file, line, field and reason, and stderr counts them and names the file.
/// </summary>
public sealed class InputQuarantineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("input-quarantine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The sample's header and first three rows, then a row cut short: 4 rows, 1 unreadable on line 5.</summary>
    private string ExportWithABadRow()
    {
        var sample = TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");
        var path = Path.Combine(_dir, "export.csv");
        File.WriteAllLines(path, [.. File.ReadLines(sample).Take(4), "this,row,is,cut,short"]);
        return path;
    }

    private static string QuarantineFile(string stderr)
    {
        var marker = "field and reason in ";
        var line = stderr.Split('\n').Single(l => l.StartsWith("warning: 1 of 4 row(s) could not be read", StringComparison.Ordinal));
        return line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
    }

    [Fact]
    public async Task Report_counts_the_rows_it_could_not_read_and_sets_them_aside_with_their_line()
    {
        var export = ExportWithABadRow();

        var (code, _, err) = await CliProcess.RunAsync(new Dictionary<string, string?> { ["TMPDIR"] = _dir },
            "report", "--html", Path.Combine(_dir, "report.html"), "--input", export);

        Assert.True(code == 0, err);
        var quarantined = File.ReadAllLines(QuarantineFile(err));
        Assert.Equal("file,line,field,reason,rawValue", quarantined[0]);
        Assert.Contains(",5,", Assert.Single(quarantined.Skip(1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Budgets_from_input_files_count_the_rows_they_could_not_read()
    {
        var export = ExportWithABadRow();

        var (code, _, err) = await CliProcess.RunAsync(new Dictionary<string, string?> { ["TMPDIR"] = _dir },
            "budgets", "--config", Path.Combine(TestData.RepositoryRoot, "guardrails.yaml"), "--input", export, "--json");

        Assert.True(code == 0, err);
        Assert.True(File.Exists(QuarantineFile(err)));
    }
}
