using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Testing;

/// <summary>
/// A loopback HTTPS fake of Azure Resource Manager (WireMock.Net on 127.0.0.1 with a throwaway self-signed
/// certificate): the real ArmClient and Azure.Core pipelines send bearer tokens only over HTTPS. One per test class
/// (starting Kestrel with TLS is the slow part).
/// </summary>
public sealed class ArmFake : IDisposable
{
    public WireMockServer Server { get; } = WireMockServer.Start(new WireMockServerSettings
    {
        Urls = [$"https://127.0.0.1:{FreePort()}"],
        CertificateSettings = new WireMockCertificateSettings { X509Certificate = SelfSigned() },
    });

    public void Dispose() => Server.Dispose();

    /// <summary>An Azure.Core transport that accepts the fake's self-signed certificate (tests only).</summary>
    public static HttpPipelineTransport TrustingTransport() =>
        new HttpClientTransport(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });

    /// <summary>A throwaway self-signed certificate for 127.0.0.1.</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A credential that hands out a fixed bearer token (the ARM fake checks it arrives).</summary>
public sealed class TestArmCredential(string token = "test-token") : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
