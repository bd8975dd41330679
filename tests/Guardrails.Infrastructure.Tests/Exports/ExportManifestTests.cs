using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;

namespace Guardrails.Infrastructure.Tests.Exports;

public sealed class ExportManifestTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "manifests", name));

    [Fact]
    public void Documented_2024_manifest_gives_export_run_period_and_blob_names()
    {
        var m = ExportManifest.Parse(Fixture("manifest_2024-04-01_docs-example.json"), "manifest.json");

        Assert.Equal("2024-04-01", m.ManifestVersion);
        Assert.Equal("sample", m.ExportName);
        Assert.Equal("bbac73f1-9a05-4de6-84ab-c72b568a03b4", m.RunId);
        Assert.Equal("MonthToDate", m.TimeFrame);
        // startDate has no Z: it is UTC, not local time.
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), m.PeriodStart);
        Assert.Equal(new DateTimeOffset(2025, 3, 21, 0, 0, 0, TimeSpan.Zero), m.PeriodEnd);
        Assert.Equal(TimeSpan.Zero, m.PeriodStart!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2025, 3, 21, 21, 4, 6, TimeSpan.Zero).AddTicks(5234447), m.SubmittedTime);
        var blob = Assert.Single(m.Blobs);
        Assert.Equal(36, blob.DataRowCount);
        Assert.Equal(
            ["folder/sample/ 00000000-0000-0000-0000-000000000000/part0.csv", "folder/sample/00000000-0000-0000-0000-000000000000/part0.csv"],
            ExportManifest.CandidateNames(blob.BlobName).ToArray());
    }

    [Fact]
    public void Documented_2021_manifest_lists_blobs_but_no_export_or_run()
    {
        var m = ExportManifest.Parse(Fixture("_manifest_2021-01-01_docs-example.json"), "_manifest.json");

        Assert.Equal("2021-01-01", m.ManifestVersion);
        Assert.Null(m.ExportName);
        Assert.Null(m.RunId);
        Assert.Equal("blobName.csv", Assert.Single(m.Blobs).BlobName);
        Assert.Equal(136, m.DataRowCount);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"blobs\": []}", "'manifestVersion' is missing")]
    [InlineData("{\"manifestVersion\": \"2024-04-01\"}", "'blobs' is missing")]
    [InlineData("{\"manifestVersion\": \"2024-04-01\", \"blobs\": [{\"byteCount\": 1}]}", "'blobs[0].blobName'")]
    [InlineData("{\"manifestVersion\": \"2024-04-01\", \"blobs\": [], \"runInfo\": {\"startDate\": \"yesterday\"}}", "'runInfo.startDate' is not a date")]
    [InlineData("{\"manifestVersion\": \"2024-04-01\", \"blobs\": [\"part0.csv\"]}", "'blobs[0].blobName'")]
    [InlineData("{\"manifestVersion\": \"2024-04-01\", \"blobs\": [null]}", "'blobs[0].blobName'")]
    [InlineData("{\"manifestVersion\": \"2024-04-01\", \"blobs\": [[{\"blobName\": \"a.csv\"}]]}", "'blobs[0].blobName'")]
    [InlineData("{\"manifestVersion\": 5, \"blobs\": []}", "'manifestVersion' is missing")]
    public void Bad_manifests_name_the_file_and_field(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ExportManifest.Parse(json, "c/x/manifest.json"));

        Assert.Contains("c/x/manifest.json", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Message_round_trips_and_rejects_out_of_range_parts()
    {
        var m = new ExportPartMessage
        {
            Export = "c/dir/exp",
            RunId = "r1",
            Container = "c",
            Blob = "dir/exp/20261101-20261130/r1/part_0_0001.csv",
            PartIndex = 1,
            PartCount = 2,
            PeriodStart = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
            SubmittedTime = DateTimeOffset.UnixEpoch,
        };

        Assert.Equal(m, ExportPartMessage.Parse(m.ToJson()));
        Assert.Contains("\"partIndex\":1", m.ToJson());
        Assert.Throws<FormatException>(() => ExportPartMessage.Parse((m with { PartIndex = 2 }).ToJson()));
        Assert.Throws<FormatException>(() => ExportPartMessage.Parse("not json"));
    }

    [Fact]
    public void Split_keeps_header_and_quoted_newlines_and_every_record()
    {
        var csv = "a,b\n1,\"x\ny\"\n2,z\n3,w\n"u8.ToArray();

        var parts = ExportLayoutWriter.SplitCsv(csv, 2);

        Assert.Equal(2, parts.Count);
        Assert.Equal("a,b\n1,\"x\ny\"\n2,z\n", System.Text.Encoding.UTF8.GetString(parts[0].Content));
        Assert.Equal("a,b\n3,w\n", System.Text.Encoding.UTF8.GetString(parts[1].Content));
        Assert.Equal([2L, 1L], parts.Select(p => p.DataRowCount!.Value).ToArray());
        Assert.Equal(["part_0_0001.csv", "part_0_0002.csv"], parts.Select(p => p.FileName).ToArray());
    }
}
