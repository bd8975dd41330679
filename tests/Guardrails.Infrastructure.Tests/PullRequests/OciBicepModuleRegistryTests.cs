using System.Security.Cryptography;
using System.Text;
using Guardrails.Core.PullRequests.Iac;
using Guardrails.Infrastructure.PullRequests;
using Guardrails.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Infrastructure.Tests.PullRequests;

/// <summary>
/// The OCI registry adapter against a loopback registry that answers as the public Bicep registry does: the tag's manifest,
/// then the Bicep module layer (the compiled ARM template), checked against its digest. What it cannot read — a private
/// registry's 401, a missing tag, a manifest without the module layer, a layer that does not match its digest or is too
/// large — is null, never an exception, and the module then stays unknown in the check.
/// </summary>
public sealed class OciBicepModuleRegistryTests : IDisposable
{
    private const string Template = """{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [] }""";
    private static readonly BicepRegistryReference s_vm = BicepRegistryReference.TryParse("br/public:avm/res/compute/virtual-machine:0.11.0")!;

    private readonly WireMockServer _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FakeGitHub.FreePort()}"] });

    public void Dispose() => _server.Dispose();

    private static readonly HashSet<string> s_public = [BicepRegistryReference.PublicRegistry];

    private OciBicepModuleRegistry Registry() => new(() => new HttpClient(), s_public, host => new Uri(_server.Url! + "/"));

    private static string Digest(string body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    private void Serve(string layerMediaType, string layerDigest, string blob, int manifestStatus = 200)
    {
        var manifest = $$"""
            { "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "config": { "mediaType": "application/vnd.ms.bicep.module.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2 },
              "layers": [ { "mediaType": "{{layerMediaType}}", "digest": "{{layerDigest}}", "size": {{blob.Length}} } ] }
            """;
        _server.Given(Request.Create().WithPath("/v2/bicep/avm/res/compute/virtual-machine/manifests/0.11.0").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(manifestStatus).WithHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json").WithBody(manifest));
        _server.Given(Request.Create().WithPath($"/v2/bicep/avm/res/compute/virtual-machine/blobs/{layerDigest}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(blob));
    }

    [Fact]
    public async Task The_module_layer_of_the_tag_is_the_compiled_template_read_once_per_process()
    {
        Serve(OciBicepModuleRegistry.ModuleLayerMediaType, Digest(Template), Template);
        var registry = Registry();

        Assert.Equal(Template, await registry.GetCompiledTemplateAsync(s_vm));
        Assert.Equal(Template, await registry.GetCompiledTemplateAsync(s_vm));
        Assert.Equal(2, _server.LogEntries.Count()); // manifest + blob, once
        Assert.Contains(_server.LogEntries, e => e.RequestMessage.Headers!["Accept"].Any(a => a.Contains("application/vnd.oci.image.manifest.v1+json", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_private_registry_asking_for_credentials_gives_nothing()
    {
        Serve(OciBicepModuleRegistry.ModuleLayerMediaType, Digest(Template), Template, manifestStatus: 401);

        Assert.Null(await Registry().GetCompiledTemplateAsync(s_vm));
    }

    [Fact]
    public async Task A_tag_the_registry_does_not_have_gives_nothing() =>
        Assert.Null(await Registry().GetCompiledTemplateAsync(BicepRegistryReference.TryParse("br/public:avm/res/compute/virtual-machine:9.9.9")!));

    [Fact]
    public async Task A_manifest_without_a_bicep_module_layer_gives_nothing()
    {
        Serve("application/vnd.oci.image.layer.v1.tar+gzip", Digest(Template), Template);

        Assert.Null(await Registry().GetCompiledTemplateAsync(s_vm));
    }

    [Fact]
    public async Task A_layer_that_does_not_match_its_digest_gives_nothing()
    {
        Serve(OciBicepModuleRegistry.ModuleLayerMediaType, Digest(Template), Template.Replace("[]", "[{}]", StringComparison.Ordinal));

        Assert.Null(await Registry().GetCompiledTemplateAsync(s_vm));
    }

    [Fact]
    public async Task A_layer_larger_than_the_limit_gives_nothing()
    {
        var huge = new string(' ', OciBicepModuleRegistry.MaxTemplateBytes + 1);
        Serve(OciBicepModuleRegistry.ModuleLayerMediaType, Digest(huge), huge);

        Assert.Null(await Registry().GetCompiledTemplateAsync(s_vm));
    }

    [Fact]
    public async Task A_registry_that_does_not_answer_gives_nothing()
    {
        var closed = new OciBicepModuleRegistry(() => new HttpClient(), s_public, _ => new Uri($"http://127.0.0.1:{FakeGitHub.FreePort()}/"));

        Assert.Null(await closed.GetCompiledTemplateAsync(s_vm));
    }

    [Fact]
    public async Task A_registry_not_in_the_allowed_hosts_is_never_asked()
    {
        Serve(OciBicepModuleRegistry.ModuleLayerMediaType, Digest(Template), Template);
        var internalHost = BicepRegistryReference.TryParse("br:metadata.internal/bicep/avm/res/compute/virtual-machine:0.11.0")!;

        Assert.Null(await Registry().GetCompiledTemplateAsync(internalHost));
        Assert.Empty(_server.LogEntries);
    }

    [Theory]
    [InlineData("mcr.microsoft.com", true)]
    [InlineData("mcr.microsoft.com, Contoso.azurecr.io", true)]
    [InlineData("", true)]
    [InlineData("https://contoso.azurecr.io", false)]
    [InlineData("contoso.azurecr.io/bicep", false)]
    public void The_allowed_hosts_setting_takes_host_names_only(string setting, bool valid)
    {
        var options = new BicepRegistryOptions { AllowedHosts = setting };

        Assert.Equal(valid, !options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Any());
    }
}
