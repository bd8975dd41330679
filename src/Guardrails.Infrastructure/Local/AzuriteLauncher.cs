using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Guardrails.Infrastructure.Local;

/// <summary>
/// Starts Azurite (the Blob/Queue/Table emulator pinned in the repository's package.json) on 127.0.0.1 for the
/// local demo and the integration tests. Installs it with `npm ci` when node_modules is missing.
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    public const string DevAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public const string DevAccountName = "devstoreaccount1";

    private readonly Process? _process;

    private AzuriteLauncher(Process? process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }
    /// <summary>True when this launcher started the process (and will stop it on dispose).</summary>
    public bool Owned => _process is not null;

    public string ConnectionString => BuildConnectionString(BlobPort, QueuePort, TablePort);

    public static string BuildConnectionString(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccountName};AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{DevAccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{DevAccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{DevAccountName};";

    /// <summary>Whether something already listens on Azurite's default ports (10000–10002).</summary>
    public static bool DefaultPortsInUse() => IsListening(10000) && IsListening(10001) && IsListening(10002);

    /// <summary>
    /// Uses an Azurite already listening on the default ports when <paramref name="reuseDefault"/> is set,
    /// otherwise starts a new in-memory instance on free ports (so parallel test runs never collide).
    /// </summary>
    public static async Task<AzuriteLauncher> StartAsync(bool reuseDefault = false, bool defaultPorts = false,
        TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        if ((reuseDefault || defaultPorts) && DefaultPortsInUse())
            return new AzuriteLauncher(null, 10000, 10001, 10002);

        var (root, entry) = await InstalledAzuriteAsync(log, cancellationToken);
        var (b, q, t) = defaultPorts ? (10000, 10001, 10002) : (FreePort(), FreePort(), FreePort());
        var process = StartNode(root, entry, b, q, t);
        await WaitUntilListeningAsync(process, b, q, t, cancellationToken);
        return new AzuriteLauncher(process, b, q, t);
    }

    /// <summary>The repository root and Azurite's entry script, installed from package-lock.json (npm ci) when missing.</summary>
    private static async Task<(string Root, string Entry)> InstalledAzuriteAsync(TextWriter? log, CancellationToken cancellationToken)
    {
        var root = FindRepositoryRoot()
            ?? throw new InvalidOperationException("Cannot find the repository root (package.json with azurite) to start Azurite.");
        var entry = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entry))
        {
            log?.WriteLine("Installing Azurite (npm ci)…");
            await RunAsync("npm", "ci --no-audit --no-fund --loglevel=error", root, cancellationToken);
            if (!File.Exists(entry))
                throw new InvalidOperationException($"npm ci did not install Azurite at {entry}.");
        }
        return (root, entry);
    }

    /// <summary>Azurite in memory on 127.0.0.1 at the given blob, queue and table ports, its output drained.</summary>
    private static Process StartNode(string root, string entry, int b, int q, int t)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     entry, "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", b.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", q.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", t.ToString(),
                 })
            psi.ArgumentList.Add(a);

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits up to 60 s for the three ports; a process that exits or never listens is an error (and is killed).</summary>
    private static async Task WaitUntilListeningAsync(Process process, int b, int q, int t, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(IsListening(b) && IsListening(q) && IsListening(t)))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it listened.");
            if (DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("Azurite did not listen within 60 s.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    public static string? FindRepositoryRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "Guardrails.sln")))
                return dir.FullName;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "Guardrails.sln")))
                return dir.FullName;
        return null;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string file, string args, string cwd, CancellationToken ct)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { WorkingDirectory = cwd, UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {file}.");
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed with exit code {p.ExitCode}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
