using System.Text;

namespace Guardrails.Core.Telemetry;

/// <summary>
/// <see cref="TextReader.ReadLine"/> with a bound: a line longer than <see cref="MaxLineChars"/> (no telemetry line
/// is longer than a few hundred characters) is a <see cref="TelemetryFormatException"/> on its line, so a file of one
/// endless line is quarantined instead of growing one string until memory runs out. Line ends are LF, CRLF or CR.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, string sourceName, int maxLineChars = BoundedLineReader.MaxLineChars)
{
    public const int MaxLineChars = 1 << 20;

    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _pos, _len;
    private bool _skipLf;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    public string? ReadLine()
    {
        _line.Clear();
        var started = false;
        while (true)
        {
            if (_pos == _len)
            {
                _len = reader.Read(_buffer, 0, _buffer.Length);
                _pos = 0;
                if (_len == 0)
                {
                    if (!started) return null;
                    LineNumber++;
                    return _line.ToString();
                }
            }
            if (_skipLf)
            {
                _skipLf = false;
                if (_buffer[_pos] == '\n' && ++_pos == _len) continue;
            }
            started = true;
            var rest = _buffer.AsSpan(_pos, _len - _pos);
            var end = rest.IndexOfAny('\n', '\r');
            var take = end < 0 ? rest.Length : end;
            if (_line.Length + take > maxLineChars)
                throw new TelemetryFormatException(sourceName, LineNumber + 1, null, $"line longer than {maxLineChars:N0} characters: not telemetry.");
            _line.Append(rest[..take]);
            _pos += take;
            if (end < 0) continue;
            _skipLf = _buffer[_pos] == '\r';
            _pos++;
            LineNumber++;
            return _line.ToString();
        }
    }
}
