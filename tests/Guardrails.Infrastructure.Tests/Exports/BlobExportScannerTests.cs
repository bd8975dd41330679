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
        await PutAsync(container, "folder/sample/00000000-0000-0000-0000-000000000000/manifest.json", Fixture("manifest_2024-04-01_docs-example.json"));

        var run = Assert.Single(await new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero));

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

        var runs = await new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero);

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

        Assert.Empty(await scanner.ScanAsync(container.Name, TimeSpan.FromMinutes(10)));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Single(await scanner.ScanAsync(container.Name, TimeSpan.FromMinutes(10)));
        Assert.Empty(await scanner.ScanAsync(AzuriteFixture.UniqueName("missing"), TimeSpan.Zero));
    }

    [Fact]
    public async Task A_broken_manifest_is_reported_with_its_blob_name()
    {
        var (service, container) = await NewContainerAsync();
        await PutAsync(container, "d/exp/20261101-20261130/r/manifest.json", "{\"manifestVersion\":\"2024-04-01\"}");

        var ex = await Assert.ThrowsAsync<FormatException>(() => new BlobExportScanner(service).ScanAsync(container.Name, TimeSpan.Zero));

        Assert.Contains($"{container.Name}/d/exp/20261101-20261130/r/manifest.json", ex.Message);
        Assert.Contains("'blobs'", ex.Message);
    }
}
