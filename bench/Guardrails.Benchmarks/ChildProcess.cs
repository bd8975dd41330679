using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Guardrails.Benchmarks;

/// <summary>A finished child process: exit code, wall time, peak resident memory and what it printed.</summary>
internal sealed record ChildResult(int ExitCode, TimeSpan Wall, long PeakRssBytes, string PeakRssMethod, string StdOut, string StdErr)
{
    /// <summary>User + system CPU seconds of the child (from /usr/bin/time), null when unknown.</summary>
    public double? CpuSeconds { get; init; }
}

/// <summary>
/// Runs a child process and measures it the way a user would feel it: wall time from start to exit, and peak
/// resident memory (VmHWM). Under /usr/bin/time when present (%M = max RSS of the child, read by the kernel at
/// exit); otherwise /proc/&lt;pid&gt;/status VmHWM is sampled every 20 ms until exit.
/// </summary>
internal static class ChildProcess
{
    private const string GnuTime = "/usr/bin/time";

    public static async Task<ChildResult> RunAsync(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var useTime = File.Exists(GnuTime);
        var timeFile = useTime ? Path.GetTempFileName() : null;
        var psi = new ProcessStartInfo(useTime ? GnuTime : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        if (useTime)
        {
            foreach (var a in new[] { "-f", "%e %M %U %S", "-o", timeFile!, fileName }) psi.ArgumentList.Add(a);
        }
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        // The pipes are drained as raw bytes, 1 MiB at a time, each on its own thread, and decoded after the clock stops.
        // (StreamReader.ReadToEndAsync reads 4 KiB per call: on a 24 MB --json document the child then waited on a full
        // pipe for about 0.4 s of its measured wall time — docs/benchmarks.md.)
        var stdout = Drain(process.StandardOutput.BaseStream, cancellationToken);
        var stderr = Drain(process.StandardError.BaseStream, cancellationToken);
        long sampledPeak = 0;
        while (!process.HasExited)
        {
            // Sample the real child: under /usr/bin/time that is time's only child.
            sampledPeak = Math.Max(sampledPeak, SampleHighWaterMark(process.Id, useTime));
            await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(20, cancellationToken));
        }
        await process.WaitForExitAsync(cancellationToken);
        clock.Stop();
        var output = Encoding.UTF8.GetString(await stdout);
        var errors = Encoding.UTF8.GetString(await stderr);

        long peak = sampledPeak;
        double? cpu = null;
        var method = "sampled /proc/<pid>/status VmHWM every 20 ms";
        if (useTime)
        {
            var text = File.ReadAllText(timeFile!).Trim().Split('\n').Last().Split(' ');
            if (text.Length == 4 && long.TryParse(text[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
            {
                peak = kb * 1024;
                method = "/usr/bin/time %M (kernel max RSS of the child)";
                cpu = double.Parse(text[2], CultureInfo.InvariantCulture) + double.Parse(text[3], CultureInfo.InvariantCulture);
            }
            File.Delete(timeFile!);
        }
        return new ChildResult(process.ExitCode, clock.Elapsed, peak, method, output, errors) { CpuSeconds = cpu };
    }

    /// <summary>Reads a child's pipe to its end on a dedicated thread, in 1 MiB reads, into bytes.</summary>
    private static Task<byte[]> Drain(Stream pipe, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() =>
        {
            using var bytes = new MemoryStream();
            pipe.CopyTo(bytes, 1 << 20);
            return bytes.ToArray();
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static long SampleHighWaterMark(int pid, bool viaTime)
    {
        try
        {
            var target = pid;
            if (viaTime)
            {
                var children = $"/proc/{pid}/task/{pid}/children";
                if (!File.Exists(children)) return 0;
                var first = File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (first is null || !int.TryParse(first, out target)) return 0;
            }
            foreach (var line in File.ReadLines($"/proc/{target}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                return kb * 1024;
            }
        }
        catch (IOException)
        {
            // the process just exited
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
