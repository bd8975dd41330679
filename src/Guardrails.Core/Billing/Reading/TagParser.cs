using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// Reads the Tags value of a cost export without a JSON DOM: a JSON object (<c>{"team": "a", " org": "b"}</c>, FOCUS)
/// or the legacy EA form without braces (<c>"team": "a","org": "b"</c>), or a list of key/value objects (Google Cloud
/// labels, <c>[{"key": "team", "value": "a"}]</c>). Keys and values are trimmed; keys compare
/// case-insensitively; when two keys collide after trimming (<c>"org"</c> and <c>" org"</c>) the first non-empty value
/// wins. Non-string values (numbers, true/false) are kept as their text; JSON null becomes "". Nested objects or arrays,
/// missing quotes or colons, and trailing text are malformed.
/// </summary>
internal static class TagParser
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyDictionary<string, string> Parse(string text, IReadOnlySet<string>? keep)
    {
        var reader = new Reader(text);
        reader.SkipWhite();
        if (reader.AtEnd) return CostRecord.EmptyTags;
        if (reader.Peek == '[') return ParseList(ref reader, keep);
        var braces = reader.Peek == '{';
        if (braces) reader.Pos++;
        Dictionary<string, string>? tags = null;
        var afterComma = false;
        while (true)
        {
            reader.SkipWhite();
            if (!afterComma && braces && !reader.AtEnd && reader.Peek == '}')
            {
                reader.Pos++;
                break;
            }

            if (!afterComma && !braces && reader.AtEnd) break;
            afterComma = false;
            var key = reader.ReadString().Trim();
            reader.SkipWhite();
            reader.Expect(':');
            reader.SkipWhite();
            var value = reader.ReadValue().Trim();
            Add(ref tags, key, value, keep);

            reader.SkipWhite();
            if (reader.AtEnd)
            {
                if (braces) throw new FormatException("missing closing '}'");
                break;
            }

            if (reader.Peek == ',')
            {
                reader.Pos++;
                afterComma = true;
                continue;
            }

            if (braces && reader.Peek == '}')
            {
                reader.Pos++;
                break;
            }

            throw new FormatException($"expected ',' or '}}' at position {reader.Pos + 1}");
        }

        reader.SkipWhite();
        if (!reader.AtEnd) throw new FormatException($"unexpected text after the tags at position {reader.Pos + 1}");
        return tags is null ? CostRecord.EmptyTags : new ReadOnlyDictionary<string, string>(tags);
    }

    private static void Add(ref Dictionary<string, string>? tags, string key, string value, IReadOnlySet<string>? keep)
    {
        if (key.Length == 0 || (keep is not null && !keep.Contains(key))) return;
        tags ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!tags.TryGetValue(key, out var existing) || (existing.Length == 0 && value.Length > 0))
            tags[key] = value;
    }

    /// <summary>
    /// Labels as a list of key/value objects, as Google Cloud writes them (<c>[{"key": "team", "value": "a"},
    /// {"key": "env", "value": "prod", "inherited": false}]</c>): each object's <c>key</c> and <c>value</c> (any case),
    /// its other members ignored. An object without both is malformed.
    /// </summary>
    private static IReadOnlyDictionary<string, string> ParseList(ref Reader reader, IReadOnlySet<string>? keep)
    {
        reader.Pos++; // '['
        Dictionary<string, string>? tags = null;
        reader.SkipWhite();
        if (!reader.AtEnd && reader.Peek == ']') reader.Pos++;
        else
        {
            while (true)
            {
                reader.SkipWhite();
                var (key, value) = ReadKeyValueObject(ref reader);
                Add(ref tags, key.Trim(), value.Trim(), keep);
                reader.SkipWhite();
                if (!reader.AtEnd && reader.Peek == ',')
                {
                    reader.Pos++;
                    continue;
                }

                reader.Expect(']');
                break;
            }
        }

        reader.SkipWhite();
        if (!reader.AtEnd) throw new FormatException($"unexpected text after the tags at position {reader.Pos + 1}");
        return tags is null ? CostRecord.EmptyTags : new ReadOnlyDictionary<string, string>(tags);
    }

    private static (string Key, string Value) ReadKeyValueObject(ref Reader reader)
    {
        var start = reader.Pos + 1;
        reader.Expect('{');
        string? key = null, value = null;
        reader.SkipWhite();
        if (!reader.AtEnd && reader.Peek == '}') reader.Pos++;
        else
        {
            while (true)
            {
                reader.SkipWhite();
                var name = reader.ReadString();
                reader.SkipWhite();
                reader.Expect(':');
                reader.SkipWhite();
                var member = reader.ReadValue();
                if (name.Equals("key", StringComparison.OrdinalIgnoreCase)) key = member;
                else if (name.Equals("value", StringComparison.OrdinalIgnoreCase)) value = member;
                reader.SkipWhite();
                if (reader.AtEnd || reader.Peek != ',') break;
                reader.Pos++;
            }

            reader.Expect('}');
        }

        if (key is null || value is null) throw new FormatException($"the tag object at position {start} has no \"key\" and \"value\"");
        return (key, value);
    }

    /// <summary>
    /// Finds the string value of a top-level key in a small JSON object (e.g. <c>ServiceType</c> in AdditionalInfo /
    /// x_SkuDetails / SkuPriceDetails) by scanning, without parsing the whole object. Null when absent or not a string.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<char> FindStringValue(ReadOnlySpan<char> json, string key)
    {
        var search = json;
        var offset = 0;
        while (true)
        {
            var at = search.IndexOf(key, StringComparison.Ordinal);
            if (at < 0) return default;
            var abs = offset + at;
            var after = abs + key.Length;
            if (abs > 0 && json[abs - 1] == '"' && after < json.Length && json[after] == '"')
            {
                var p = after + 1;
                while (p < json.Length && char.IsWhiteSpace(json[p])) p++;
                if (p < json.Length && json[p] == ':')
                {
                    p++;
                    while (p < json.Length && char.IsWhiteSpace(json[p])) p++;
                    if (p >= json.Length || json[p] != '"') return default;
                    var start = p + 1;
                    var end = json[start..].IndexOfAny('"', '\\');
                    if (end < 0 || json[start + end] == '\\') return default; // escaped values: not an ARM size
                    return json.Slice(start, end);
                }
            }

            offset = after;
            search = json[after..];
        }
    }

    private ref struct Reader(string text)
    {
        private readonly string _text = text;
        public int Pos;

        public readonly bool AtEnd => Pos >= _text.Length;
        public readonly char Peek => _text[Pos];

        public void SkipWhite()
        {
            while (Pos < _text.Length && char.IsWhiteSpace(_text[Pos])) Pos++;
        }

        /// <summary>
        /// Tags written without quotes (<c>{team: ml}</c>, <c>costcenter: 1234, team: ml</c>, as some resaves write them) are
        /// not read: no public export documents the form, and a ',' or ':' inside a key or value could not be told apart.
        /// </summary>
        private static FormatException Unquoted(string what, ReadOnlySpan<char> token, int start) => new(
            $"unquoted {what} '{(token.Length <= 40 ? token : token[..40])}' at position {start + 1}: tag keys and values must be JSON strings " +
            "(\"team\": \"ml\"); an unquoted form is ambiguous (a ',' or ':' inside it cannot be told apart), so the row is not read");

        private void ThrowIfUnquotedKey()
        {
            if (AtEnd || !(char.IsLetterOrDigit(_text[Pos]) || _text[Pos] is '_' or '-')) return;
            var stop = _text.AsSpan(Pos).IndexOfAny(":,}");
            throw Unquoted("key", _text.AsSpan(Pos, stop < 0 ? _text.Length - Pos : stop).TrimEnd(), Pos);
        }

        public void Expect(char c)
        {
            if (AtEnd || _text[Pos] != c) throw new FormatException($"expected '{c}' at position {Pos + 1}");
            Pos++;
        }

        public string ReadValue()
        {
            if (AtEnd) throw new FormatException($"missing value at position {Pos + 1}");
            var c = _text[Pos];
            if (c == '"') return ReadString();
            if (c is '{' or '[') throw new FormatException($"nested object or array at position {Pos + 1}");
            var start = Pos;
            while (Pos < _text.Length && _text[Pos] is not (',' or '}') && !char.IsWhiteSpace(_text[Pos])) Pos++;
            var token = _text.AsSpan(start, Pos - start);
            if (token.IsEmpty) throw new FormatException($"missing value at position {start + 1}");
            if (token.SequenceEqual("null")) return "";
            if (token.SequenceEqual("true") || token.SequenceEqual("false") ||
                double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                return token.ToString();
            throw Unquoted("value", token, start);
        }

        public string ReadString()
        {
            ThrowIfUnquotedKey();
            if (AtEnd || _text[Pos] != '"') throw new FormatException($"expected '\"' at position {Pos + 1}");
            Pos++;
            var start = Pos;
            var end = _text.AsSpan(Pos).IndexOfAny('"', '\\');
            if (end < 0) throw new FormatException($"unterminated string starting at position {start}");
            if (_text[Pos + end] == '"')
            {
                Pos += end + 1;
                return _text.Substring(start, end);
            }

            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw new FormatException($"unterminated string starting at position {start}");
                var c = _text[Pos++];
                if (c == '"') return sb.ToString();
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (AtEnd) throw new FormatException($"unterminated escape at position {Pos}");
                var e = _text[Pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (Pos + 4 > _text.Length || !ushort.TryParse(_text.AsSpan(Pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                            throw new FormatException($"bad \\u escape at position {Pos - 1}");
                        sb.Append((char)code);
                        Pos += 4;
                        break;
                    default: throw new FormatException($"bad escape '\\{e}' at position {Pos - 1}");
                }
            }
        }
    }
}
