using System.Runtime.CompilerServices;
using nietras.SeparatedValues;

namespace Guardrails.Core.Billing.Reading;

/// <summary>One physical line split leniently: a field is quoted only when it starts with a quote (doubled quotes
/// inside; it ends at a quote before a comma or the end of the line); elsewhere a quote is a literal character.</summary>
internal sealed class LineRow : IRawRow
{
    private readonly string _text;
    private readonly List<(int Start, int Length, string? Unquoted)> _fields = [];

    public LineRow(string text, long line)
    {
        _text = text;
        Line = line;
        var p = 0;
        while (true)
        {
            var start = p;
            string? unquoted = null;
            if (p < text.Length && text[p] == '"')
            {
                var sb = new System.Text.StringBuilder();
                p++;
                while (p < text.Length)
                {
                    if (text[p] == '"')
                    {
                        if (p + 1 < text.Length && text[p + 1] == '"') { sb.Append('"'); p += 2; continue; }
                        if (p + 1 == text.Length || text[p + 1] == ',') { p++; break; }
                    }

                    sb.Append(text[p++]);
                }

                unquoted = sb.ToString();
            }
            else
            {
                while (p < text.Length && text[p] != ',') p++;
            }

            _fields.Add((start, p - start, unquoted));
            if (p >= text.Length) break;
            p++; // the comma
            if (p == text.Length)
            {
                _fields.Add((p, 0, null));
                break;
            }
        }
    }

    public int ColCount => _fields.Count;
    public long Line { get; }
    public int RawLength => _text.Length;
    public ReadOnlySpan<char> this[int index] => _fields[index].Unquoted ?? Raw(index);
    public ReadOnlySpan<char> Raw(int index) => _text.AsSpan(_fields[index].Start, _fields[index].Length);
}

/// <summary>A row as Sep split it: a field's quotes are taken off when it is read (a zero-copy slice unless quotes are
/// doubled inside).</summary>
internal readonly ref struct SepRawRow(SepReader.Row row, long line, UnquoteBuffer scratch) : IRawRow
{
    private readonly SepReader.Row _row = row;
    public int ColCount => _row.ColCount;
    public long Line { get; } = line;
    public int RawLength => _row.Span.Length;

    public ReadOnlySpan<char> Raw(int index) => _row[index].Span;

    public ReadOnlySpan<char> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => scratch.Field(_row[index].Span);
    }
}

/// <summary>
/// Per-row scratch space for quoted fields with doubled quotes inside (<c>"a ""b"""</c> → <c>a "b"</c>): every second
/// inner quote is dropped, as Sep's own unescape does. Spans handed out stay valid until the next row.
/// </summary>
internal sealed class UnquoteBuffer
{
    private char[] _buffer = new char[4096];
    private int _used;

    public void Reset() => _used = 0;

    /// <summary>A field's text: its quotes taken off (a slice of <paramref name="s"/> unless quotes are doubled inside).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<char> Field(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s[0] != '"') return s;
        var inner = s.Length >= 2 && s[^1] == '"' ? s[1..^1] : s[1..];
        return inner.Contains('"') ? Unquote(inner) : inner;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<char> Unquote(ReadOnlySpan<char> inner)
    {
        if (_buffer.Length - _used < inner.Length)
        {
            // Older spans keep the previous array alive; a new one is only needed for unusually long rows.
            _buffer = new char[Math.Max(_buffer.Length * 2, inner.Length + 1024)];
            _used = 0;
        }

        var start = _used;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            _buffer[_used++] = c;
            if (c == '"' && i + 1 < inner.Length && inner[i + 1] == '"') i++;
        }

        return _buffer.AsSpan(start, _used - start);
    }
}
