using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Guardrails.Core.Tests;

/// <summary>
/// Hostile variants of one real file, the same on every run (fixed seeds): empty, first line only, cut at many points,
/// random byte flips, NULs, invalid UTF-8, UTF-8/16/32 with and without a BOM, a 5 MB line, nesting 10,000 deep,
/// hostile numbers (1e400, -0, NaN, Infinity, 2^96) in place of real ones, duplicated lines (keys, columns, rows).
/// <see cref="Check"/> runs a reader over every variant and names each one that ends in another exception than the
/// reader's own clear error.
/// </summary>
internal static partial class HostileFiles
{
    public sealed record Variant(string Label, byte[] Bytes);

    public static readonly string[] Numbers = ["1e400", "-1e400", "-0", "NaN", "Infinity", "-Infinity", "79228162514264337593543950336", "1e-400", "0x1F"];

    public static IEnumerable<Variant> Of(byte[] seed, int seedNo = 0, int flips = 40)
    {
        var text = Encoding.UTF8.GetString(seed);
        var lines = text.Split('\n');
        var rnd = new Random(seedNo);
        yield return new("empty", []);
        yield return new("first line only", Utf8(lines[0]));
        yield return new("first line and a newline", Utf8(lines[0] + "\n"));
        for (var i = 1; i < 30; i++) yield return new($"cut at byte {seed.Length * i / 30}", seed[..(seed.Length * i / 30)]);
        foreach (var v in Encodings(text)) yield return v;
        foreach (var bad in new byte[][] { [0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0] })
            yield return new($"bytes {Convert.ToHexString(bad)} inserted", Insert(seed, rnd.Next(seed.Length + 1), bad));
        yield return new("every newline a NUL", seed.Select(b => b == (byte)'\n' ? (byte)0 : b).ToArray());
        yield return new("5 MB line inserted", Insert(seed, LineStart(text, rnd), Utf8(new string('9', 5 << 20) + "\n")));
        yield return new("one 5 MB line", Utf8(new string('a', 5 << 20)));
        foreach (var open in new[] { "[", "{\"a\":", "- ", "<a>" })
            yield return new($"nested 10,000 deep ({open})", Insert(seed, LineStart(text, rnd), Utf8(string.Concat(Enumerable.Repeat(open, 10_000)) + "\n")));
        foreach (var v in HostileNumbers(text, rnd)) yield return v;
        for (var i = 0; i < 6 && lines.Length > 1; i++)
        {
            var at = i == 0 ? 0 : rnd.Next(lines.Length);
            yield return new($"line {at + 1} duplicated", Utf8(string.Join('\n', lines.Take(at + 1).Append(lines[at]).Concat(lines.Skip(at + 1)))));
        }
        for (var i = 0; i < flips; i++) yield return Flipped(seed, rnd, i);
    }

    private static IEnumerable<Variant> Encodings(string text)
    {
        yield return new("UTF-8 BOM", [.. Encoding.UTF8.GetPreamble(), .. Utf8(text)]);
        foreach (var (name, e) in new (string, Encoding)[]
                 {
                     ("UTF-16LE", new UnicodeEncoding(false, true)), ("UTF-16BE", new UnicodeEncoding(true, true)),
                     ("UTF-32LE", new UTF32Encoding(false, true)), ("UTF-32BE", new UTF32Encoding(true, true)),
                 })
        {
            yield return new(name + " with BOM", [.. e.GetPreamble(), .. e.GetBytes(text)]);
            yield return new(name + " without BOM", e.GetBytes(text));
        }
    }

    private static IEnumerable<Variant> HostileNumbers(string text, Random rnd)
    {
        var numbers = NumberToken().Matches(text);
        if (numbers.Count == 0) yield break;
        foreach (var hostile in Numbers)
        {
            for (var i = 0; i < 3; i++)
            {
                var m = numbers[rnd.Next(numbers.Count)];
                yield return new($"number '{m.Value}' at char {m.Index} → {hostile}", Utf8(text[..m.Index] + hostile + text[(m.Index + m.Length)..]));
            }
        }
    }

    private static Variant Flipped(byte[] seed, Random rnd, int no)
    {
        var bytes = (byte[])seed.Clone();
        var count = rnd.Next(1, 9);
        for (var k = 0; k < count && bytes.Length > 0; k++) bytes[rnd.Next(bytes.Length)] = (byte)rnd.Next(256);
        return new($"byte flips #{no} ({count} bytes)", bytes);
    }

    private static int LineStart(string text, Random rnd)
    {
        var at = rnd.Next(text.Length + 1);
        var start = at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;
        return Encoding.UTF8.GetByteCount(text.AsSpan(0, start));
    }

    private static byte[] Insert(byte[] seed, int at, byte[] what) => [.. seed.AsSpan(0, at), .. what, .. seed.AsSpan(at)];

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [GeneratedRegex(@"(?<![\w.])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w.])")]
    private static partial Regex NumberToken();

    /// <summary>
    /// Runs <paramref name="read"/> on every variant; a variant whose exception is not <paramref name="isClearError"/>
    /// (the reader's own error, naming the file) is a failure, listed with its label.
    /// </summary>
    public static async Task CheckAsync(byte[] seed, Func<Variant, Task> read, Func<Exception, bool> isClearError, ITestOutputHelper output, int seedNo = 0)
    {
        var failures = new List<string>();
        int variants = 0, errors = 0;
        foreach (var v in Of(seed, seedNo))
        {
            variants++;
            try
            {
                await read(v);
            }
            catch (Exception e) when (isClearError(e))
            {
                errors++;
            }
            catch (Exception e)
            {
                failures.Add($"{v.Label}: {e.GetType().Name}: {Short(e.Message)}");
            }
        }
        output.WriteLine($"{variants} variants: {variants - errors - failures.Count} read, {errors} clear errors, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    public static Task CheckAsync(byte[] seed, Action<Variant> read, Func<Exception, bool> isClearError, ITestOutputHelper output, int seedNo = 0) =>
        CheckAsync(seed, v => { read(v); return Task.CompletedTask; }, isClearError, output, seedNo);

    public static string Short(string s) => s.Length <= 300 ? s : s[..300] + "…";

    /// <summary>A temporary folder for files a reader takes by path, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("guardrails-hostile-").FullName;

        public string Write(string name, byte[] bytes)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllBytes(file, bytes);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
