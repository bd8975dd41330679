using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Guardrails.Infrastructure.Exports;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.Exports;

[Collection(AzuriteCollection.Name)]
public sealed class BlobExportScannerTests(AzuriteFixture azurite)
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "manifests", name));

    private async Task<(BlobServiceClient, BlobContainerClient)> NewContainerAsync()
    {
        var service = new BlobServiceClient(azurite.ConnectionString);
        var container = service.GetBlobContainerClient(AzuriteFixture.UniqueName("exports"));
        await container.CreateAsync();
        return (service, container);
    }

    private static Task PutAsync(BlobContainerClient c, string name, string content = "x") =>
        c.GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);

    [Fact]
    public async Task Documented_manifest_with_stray_spaces_resolves_to_the_stored_blob()
    {
        var (service, container) = await NewContainerAsync();
        await PutAsync(container, "folder/sample/00000000-0000-0000-0000-000000000000/part0.csv");
        // The documented example is a ReservationRecommendations export; the same manifest for a cost dataset.
        await PutAsync(container, "folder/sample/00000000-0000-0000-0000-000000000000/manifest.json",
            Fixture("manifest_2024-04-01_docs-example.json").Replace("\"ReservationRecommendations\"", "\"FocusCost\"", StringComparison.Ordinal));

        var run = Assert.Single((await new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero)).Runs);

        Assert.Equal($"{container.Name}/folder/sample", run.Export);
        Assert.Equal("bbac73f1-9a05-4de6-84ab-c72b568a03b4", run.RunId);
        Assert.Equal(["folder/sample/00000000-0000-0000-0000-000000000000/part0.csv"], run.Blobs);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), run.PeriodStart);
        Assert.Equal("folder/sample/00000000-0000-0000-0000-000000000000/manifest.json", run.ManifestBlob);
    }

    [Fact]
    public async Task Improved_export_layout_manifest_2021_manifest_and_manifestless_exports_are_all_found()
    {
        var (service, container) = await NewContainerAsync();
        // Improved export written by ExportLayoutWriter (manifest.json 2024-04-01 in the run folder).
        var parts = ExportLayoutWriter.SplitCsv(System.Text.Encoding.UTF8.GetBytes(SimpleCsvLedgerIngestor.MakeCsv(30, 2026, 11)), 3);
        await ExportLayoutWriter.UploadRunAsync(container, "costs", "focus-daily", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30),
            "run-a", new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero), parts);
        // Older partitioned export: _manifest.json with a blob name relative to its folder.
        await PutAsync(container, "old/legacy-exp/20261001-20261031/run-b/blobName.csv");
        await PutAsync(container, "old/legacy-exp/20261001-20261031/run-b/_manifest.json", Fixture("_manifest_2021-01-01_docs-example.json"));
        // No manifest: part files in a run folder, and the old one-file-per-run style.
        await PutAsync(container, "nomani/exp2/20261101-20261130/run-c/part_0_0001.csv.gz");
        await PutAsync(container, "nomani/exp2/20261101-20261130/run-c/part_0_0002.csv.gz");
        await PutAsync(container, "flat/monthly/20260901-20260930/monthly_0b9f7f41-1a7e-4b61-9a1d-2f4b5d7c8e90.csv");
        await PutAsync(container, "unrelated/readme.txt");

        var runs = (await new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero)).Runs;

        Assert.Equal(4, runs.Count);
        var improved = runs.Single(r => r.RunId == "run-a");
        Assert.Equal($"{container.Name}/costs/focus-daily", improved.Export);
        Assert.Equal(3, improved.Blobs.Count);
        Assert.All(improved.Blobs, b => Assert.StartsWith("costs/focus-daily/20261101-20261130/run-a/part_0_000", b));
        var legacy = runs.Single(r => r.RunId == "run-b");
        Assert.Equal($"{container.Name}/old/legacy-exp", legacy.Export);
        Assert.Equal(["old/legacy-exp/20261001-20261031/run-b/blobName.csv"], legacy.Blobs);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), legacy.PeriodStart);
        var noManifest = runs.Single(r => r.RunId == "run-c");
        Assert.Equal(2, noManifest.Blobs.Count);
        Assert.Null(noManifest.ManifestBlob);
        var flat = runs.Single(r => r.Export.EndsWith("/flat/monthly", StringComparison.Ordinal));
        Assert.Equal("0b9f7f41-1a7e-4b61-9a1d-2f4b5d7c8e90", flat.RunId);
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), flat.PeriodStart);
    }

    [Fact]
    public async Task Manifestless_runs_wait_until_their_blobs_settle()
    {
        var (service, container) = await NewContainerAsync();
        await PutAsync(container, "d/exp/20261101-20261130/run-c/part_0_0001.csv");
        var props = await container.GetBlobClient("d/exp/20261101-20261130/run-c/part_0_0001.csv").GetPropertiesAsync();
        var time = new FakeTimeProvider(props.Value.LastModified.AddMinutes(1));
        var scanner = new BlobExportScanner(service, time);

        Assert.Empty((await scanner.ScanAsync(container.Name, TimeSpan.FromMinutes(10))).Runs);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Single((await scanner.ScanAsync(container.Name, TimeSpan.FromMinutes(10))).Runs);
        Assert.Empty((await scanner.ScanAsync(AzuriteFixture.UniqueName("missing"), TimeSpan.Zero)).Runs);
    }

    [Fact]
    public async Task A_broken_manifest_is_reported_with_its_blob_name_and_the_other_exports_still_found()
    {
        var (service, container) = await NewContainerAsync();
        await PutAsync(container, "d/exp/20261101-20261130/r/manifest.json", "{\"manifestVersion\":\"2024-04-01\"}");
        await PutAsync(container, "d/good/20261101-20261130/r2/part0.csv");
        await PutAsync(container, "d/good/20261101-20261130/r2/manifest.json",
            "{\"manifestVersion\":\"2024-04-01\",\"blobs\":[{\"blobName\":\"d/good/20261101-20261130/r2/part0.csv\"}]}");

        var scan = await new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero);

        var problem = Assert.Single(scan.Problems);
        Assert.Contains($"{container.Name}/d/exp/20261101-20261130/r/manifest.json", problem);
        Assert.Contains("'blobs'", problem);
        var run = Assert.Single(scan.Runs);
        Assert.Equal("r2", run.RunId);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), run.PeriodStart);
    }

    [Fact]
    public async Task The_documented_reservation_recommendations_manifest_is_skipped_with_one_line_and_its_blobs_are_not_a_run()
    {
        var (service, container) = await NewContainerAsync();
        // Verbatim from Microsoft Learn (exportConfig.type ReservationRecommendations), beside a cost export.
        await PutAsync(container, "folder/sample/00000000-0000-0000-0000-000000000000/part0.csv", "Term,Scope,NetSavings\n");
        await PutAsync(container, "folder/sample/00000000-0000-0000-0000-000000000000/manifest.json", Fixture("manifest_2024-04-01_docs-example.json"));
        var parts = ExportLayoutWriter.SplitCsv(System.Text.Encoding.UTF8.GetBytes(SimpleCsvLedgerIngestor.MakeCsv(10, 2026, 11)), 1);
        await ExportLayoutWriter.UploadRunAsync(container, "costs", "focus-daily", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30),
            "run-a", new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero), parts);

        var scan = await new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero);

        var run = Assert.Single(scan.Runs);
        Assert.Equal("run-a", run.RunId);
        Assert.Empty(scan.Problems);
        var skipped = Assert.Single(scan.Skipped);
        Assert.Contains($"{container.Name}/folder/sample/00000000-0000-0000-0000-000000000000/manifest.json", skipped);
        Assert.Contains("dataset 'ReservationRecommendations' is not cost data", skipped);
    }

    [Theory]
    [InlineData("PriceSheet", false)]
    [InlineData("ReservationDetails", false)]
    [InlineData("ReservationTransactions", false)]
    [InlineData("SomethingNew", false)]
    [InlineData("FocusCost", true)]
    [InlineData("ActualCost", true)]
    [InlineData("amortizedcost", true)]
    [InlineData("Usage", true)]
    public async Task Only_cost_datasets_are_runs(string dataset, bool isCost)
    {
        var (service, container) = await NewContainerAsync();
        await PutAsync(container, "d/exp/20261101-20261130/r1/part_0_0001.csv");
        await PutAsync(container, "d/exp/20261101-20261130/r1/manifest.json",
            "{\"manifestVersion\":\"2024-04-01\",\"exportConfig\":{\"exportName\":\"exp\",\"type\":\"" + dataset + "\"}," +
            "\"runInfo\":{\"runId\":\"r1\"},\"blobs\":[{\"blobName\":\"d/exp/20261101-20261130/r1/part_0_0001.csv\"}]}");

        var scan = await new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero);

        Assert.Equal(isCost ? 1 : 0, scan.Runs.Count);
        Assert.Equal(isCost ? 0 : 1, scan.Skipped.Count);
    }

    [Fact]
    public async Task Manifestless_runs_in_an_export_time_folder_are_found_with_the_run_guid_as_run()
    {
        var (service, container) = await NewContainerAsync();
        // As Cost Management writes them: {directory}/{export}/{range}/{exportTime yyyyMMddHHmm}/{runGuid}/part_*.csv
        const string Run1 = "6f1c2a0e-3b7d-4c55-9a1e-0d2f3e4a5b6c", Run2 = "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d";
        await PutAsync(container, $"actuals/my-export/20260901-20260930/202609211557/{Run1}/part_0_0001.csv");
        await PutAsync(container, $"actuals/my-export/20260901-20260930/202609211557/{Run1}/part_0_0002.csv");
        await PutAsync(container, $"actuals/my-export/20260901-20260930/20260922155701/{Run2}/part_0_0001.csv.gz");
        // Not runs: a time-like folder without a range before it, and a folder that is not an export time.
        await PutAsync(container, $"actuals/other/202609211557/{Run1}/part_0_0001.csv");
        await PutAsync(container, $"actuals/other2/20260901-20260930/notatime/{Run1}/part_0_0001.csv");

        var runs = (await new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero)).Runs;

        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal($"{container.Name}/actuals/my-export", r.Export));
        Assert.All(runs, r => Assert.Equal(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), r.PeriodStart));
        var first = runs.Single(r => r.RunId == Run1);
        Assert.Equal(2, first.Blobs.Count);
        Assert.Equal(new DateTimeOffset(2026, 9, 21, 15, 57, 0, TimeSpan.Zero), first.SubmittedTime);
        var second = runs.Single(r => r.RunId == Run2);
        Assert.Equal(new DateTimeOffset(2026, 9, 22, 15, 57, 1, TimeSpan.Zero), second.SubmittedTime); // the later run restates the month
    }

    [Fact]
    public async Task An_old_manifest_in_an_export_time_folder_names_the_run_guid_not_the_time()
    {
        var (service, container) = await NewContainerAsync();
        const string Run = "c0ffee00-1234-4abc-8def-0123456789ab";
        await PutAsync(container, $"old/legacy-exp/20261001-20261031/202610051020/{Run}/blobName.csv");
        await PutAsync(container, $"old/legacy-exp/20261001-20261031/202610051020/{Run}/_manifest.json", Fixture("_manifest_2021-01-01_docs-example.json"));

        var run = Assert.Single((await new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero)).Runs);

        Assert.Equal(Run, run.RunId);
        Assert.Equal($"{container.Name}/old/legacy-exp", run.Export);
        Assert.Equal([$"old/legacy-exp/20261001-20261031/202610051020/{Run}/blobName.csv"], run.Blobs);
        Assert.Equal(new DateTimeOffset(2026, 10, 5, 10, 20, 0, TimeSpan.Zero), run.SubmittedTime);
    }
}
