using System.Net;
using System.Text.Json;
using Guardrails.Core.Tests;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Pricing;
using Xunit.Abstractions;

namespace Guardrails.Infrastructure.Tests;

/// <summary>
/// The JSON the Function App reads from outside (a Cost Management export's manifest.json, a Retail Prices API page),
/// damaged in every way <see cref="HostileFiles"/> knows: read, or one clear error naming the source (and, for JSON, the
/// path and line), never another exception.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("manifest_2024-04-01_docs-example.json")]
    [InlineData("_manifest_2021-01-01_docs-example.json")]
    public async Task A_damaged_export_manifest_is_read_or_one_error_naming_it(string name)
    {
        var seed = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "manifests", name));
        await HostileFiles.CheckAsync(seed, v => ExportManifest.Parse(System.Text.Encoding.UTF8.GetString(v.Bytes), "exports/manifest.json"),
            e => e is FormatException && e.Message.StartsWith("exports/manifest.json: ", StringComparison.Ordinal), output);
    }

    private sealed class OnePage(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
    }

    [Fact]
    public async Task A_damaged_retail_prices_page_is_read_or_one_error_naming_the_api_and_the_json_path()
    {
        var seed = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "azure-prices", "retail-api-recorded-responses", "ace_asr_inferred-3.json"));
        await HostileFiles.CheckAsync(seed, async v =>
        {
            var client = new RetailPricesClient(new HttpClient(new OnePage(v.Bytes)), "http://prices.test/api/retail/prices");
            await foreach (var item in client.QueryAsync("serviceName eq 'Virtual Machines'"))
                _ = RetailPricesClient.ToQuotes(item, new DateOnly(2026, 11, 1)).ToList();
        }, e => e is FormatException && e.Message.StartsWith("Retail Prices API", StringComparison.Ordinal), output);
    }
}
