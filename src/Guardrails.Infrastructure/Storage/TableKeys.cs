using System.Security.Cryptography;
using System.Text;

namespace Guardrails.Infrastructure.Storage;

/// <summary>
/// Deterministic, legal Table Storage keys. PartitionKey/RowKey may not contain '/', '\', '#', '?' or control
/// characters; Guardrails also reserves '|' (key separator), '=' (allocation pair) and '%' (escape), so those are
/// written as %XX (UTF-8, upper-case hex). Encoding is injective, so distinct values never share a key.
/// </summary>
public static class TableKeys
{
    public const char Separator = '|';

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var needs = false;
        foreach (var c in value)
            if (MustEscape(c)) { needs = true; break; }
        if (!needs) return value;

        var sb = new StringBuilder(value.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!MustEscape(c)) { sb.Append(c); continue; }
            var n = char.IsHighSurrogate(c) && i + 1 < value.Length
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), bytes)
                : Encoding.UTF8.GetBytes([c], bytes);
            for (var b = 0; b < n; b++) sb.Append('%').Append(bytes[b].ToString("X2"));
        }
        return sb.ToString();
    }

    public static string Decode(string key) => Uri.UnescapeDataString(key);

    /// <summary>A 32-hex-character SHA-256 prefix: a fixed-length RowKey for a long dimension key.</summary>
    public static string Hash(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>The exclusive upper bound of all keys starting with <paramref name="prefix"/>.</summary>
    public static string PrefixEnd(string prefix) =>
        prefix.Length == 0 ? "\uffff" : prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>An OData filter for keys starting with <paramref name="prefix"/> (a range scan, not a table scan).</summary>
    public static string StartsWith(string property, string prefix) =>
        $"{property} ge '{Quote(prefix)}' and {property} lt '{Quote(PrefixEnd(prefix))}'";

    public static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private static bool MustEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '|' or '=' or '%' or '\'' || char.IsControl(c) || char.IsSurrogate(c) || c > '\u007e' && c < '\u00a0';
}
