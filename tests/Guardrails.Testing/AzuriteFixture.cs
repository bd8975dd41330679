using Guardrails.Infrastructure.Local;
using Xunit;

namespace Guardrails.Testing;

/// <summary>
/// One Azurite per test assembly (use as a collection fixture): a fresh in-memory instance on free loopback
/// ports, or the instance named by GUARDRAILS_TEST_STORAGE (a connection string) when set.
/// Give every test its own table/queue/container names so tests never see each other's data.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteLauncher? _launcher;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("GUARDRAILS_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }
        _launcher = await AzuriteLauncher.StartAsync();
        ConnectionString = _launcher.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_launcher is not null) await _launcher.DisposeAsync();
    }

    /// <summary>A unique, storage-legal name (lowercase letters and digits, starts with a letter).</summary>
    public static string UniqueName(string prefix) =>
        (prefix + Guid.NewGuid().ToString("N"))[..Math.Min(prefix.Length + 12, 40)].ToLowerInvariant();
}
