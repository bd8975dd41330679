using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Guardrails.Core.Common;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrails.Infrastructure.PullRequests;

/// <summary>
/// Bicep registry modules over the OCI distribution API, as <c>bicep restore</c> reads them: the manifest of the tag
/// (<c>GET /v2/{repository}/manifests/{tag}</c>), then the layer of media type <c>application/vnd.ms.bicep.module.layer.v1+json</c>
/// (the module compiled to an ARM template), checked against its SHA-256 digest. Anonymous, as the public registry
/// (<c>mcr.microsoft.com</c>) serves it; a registry that asks for credentials, a missing tag, a template over
/// <see cref="MaxTemplateBytes"/>, a wrong digest or a registry that does not answer within <see cref="Timeout"/> gives
/// null (the module stays unknown on its call's line), with the reason logged; so does a registry not in the allowed hosts
/// (<see cref="BicepRegistryOptions"/>: a PR never makes the app request a host it chose). Templates are kept for the process's life
/// (a published tag's content does not change).
/// </summary>
public sealed class OciBicepModuleRegistry(Func<HttpClient> client, IReadOnlySet<string> allowedHosts, Func<string, Uri>? registryBase = null,
    ILogger<OciBicepModuleRegistry>? logger = null) : IBicepModuleRegistry
{
    public const string ModuleLayerMediaType = "application/vnd.ms.bicep.module.layer.v1+json";
    public const int MaxTemplateBytes = 8 * 1024 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const int MaxCached = 500;

    private readonly ConcurrentDictionary<string, string> _templates = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger<OciBicepModuleRegistry>.Instance;
    private readonly Func<string, Uri> _base = registryBase ?? (host => new Uri($"https://{host}/"));

    public async Task<string?> GetCompiledTemplateAsync(BicepRegistryReference reference, CancellationToken cancellationToken = default)
    {
        if (!allowedHosts.Contains(reference.Registry))
        {
            _logger.LogWarning("Bicep registry module {Module} not read: {Registry} is not in BicepRegistry__AllowedHosts", reference.Key, reference.Registry);
            return null;
        }
        if (_templates.TryGetValue(reference.Key, out var cached)) return cached;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var template = await FetchAsync(reference, timeout.Token).ConfigureAwait(false);
            if (template is not null && _templates.Count < MaxCached) _templates.TryAdd(reference.Key, template);
            return template;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or JsonException or IOException or OperationCanceledException)
        {
            _logger.LogWarning("Bicep registry module {Module} not read: {Reason}", reference.Key, e.Message);
            return null;
        }
    }

    private async Task<string?> FetchAsync(BicepRegistryReference reference, CancellationToken cancellationToken)
    {
        var http = client();
        var root = _base(reference.Registry);
        using var manifestRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(root, $"v2/{reference.Repository}/manifests/{reference.Tag}"));
        manifestRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        using var manifestResponse = await http.SendAsync(manifestRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!manifestResponse.IsSuccessStatusCode) return Refused(reference, manifestResponse.StatusCode, "manifest");
        var manifest = await ReadBoundedAsync(manifestResponse, 1024 * 1024, cancellationToken).ConfigureAwait(false);
        if (ModuleLayer(manifest) is not { } digest) return NotAModule(reference, "its manifest has no Bicep module layer");

        using var blobResponse = await http.GetAsync(new Uri(root, $"v2/{reference.Repository}/blobs/{digest}"), HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (!blobResponse.IsSuccessStatusCode) return Refused(reference, blobResponse.StatusCode, "module layer");
        var bytes = await ReadBoundedAsync(blobResponse, MaxTemplateBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null) return NotAModule(reference, $"its template is larger than {MaxTemplateBytes / (1024 * 1024)} MB");
        if (!string.Equals($"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))}", digest, StringComparison.Ordinal))
            return NotAModule(reference, "its layer does not match its digest");
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The digest of the manifest's Bicep module layer; null when there is none.</summary>
    private static string? ModuleLayer(byte[]? manifest)
    {
        if (manifest is null) return null;
        using var doc = JsonDocument.Parse(manifest, new JsonDocumentOptions { MaxDepth = 16 });
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var layer in layers.EnumerateArray())
            if (layer.ValueKind == JsonValueKind.Object && layer.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String
                && type.GetString() == ModuleLayerMediaType && layer.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String
                && digest.GetString() is { } d && d.StartsWith("sha256:", StringComparison.Ordinal) && d.Length == 71 && d[7..].All(char.IsAsciiHexDigitLower))
                return d;
        return null;
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > limit) return null;
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await BoundedBody.ReadAsync(stream, limit, cancellationToken).ConfigureAwait(false);
    }

    private string? Refused(BicepRegistryReference reference, HttpStatusCode status, string what)
    {
        _logger.LogWarning("Bicep registry module {Module} not read: the registry answered {Status} for its {What}{Hint}", reference.Key, (int)status, what,
            status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (a private registry: credentials are not sent)" : "");
        return null;
    }

    private string? NotAModule(BicepRegistryReference reference, string why)
    {
        _logger.LogWarning("Bicep registry module {Module} not read: {Reason}", reference.Key, why);
        return null;
    }
}
