
namespace Guardrails.Core.PullRequests.Iac;

/// <summary>Bicep's tokens: single-quoted strings with <c>${…}</c>, <c>'''…'''</c> verbatim strings, <c>//</c> comments.</summary>
internal sealed class BicepLexer(string text) : IacLexer(text)
{
    private static readonly string[] s_symbols2 = [".?", "??", "==", "!=", "<=", ">=", "&&", "||", "=~", "!~", "::", "=>"];

    protected override char Quote => '\'';
    protected override IReadOnlyCollection<string> TwoCharSymbols => s_symbols2;
    /// <summary>Bicep's pragmas (<c>#disable-next-line BCP036</c>, <c>#disable-diagnostics</c>, <c>#restore-diagnostics</c>)
    /// change only the linter: read like comments, wherever they stand.</summary>
    protected override bool StartsLineComment(char c) =>
        c == '#' && (Rest.StartsWith("#disable-", StringComparison.Ordinal) || Rest.StartsWith("#restore-", StringComparison.Ordinal));

    private ReadOnlySpan<char> Rest => Text.AsSpan(Pos);

    protected override bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
    protected override bool IsNumberPart(char c) => char.IsDigit(c) || c == '.';

    /// <summary>A multi-line string: verbatim <c>'''…'''</c>, or interpolated <c>$'''…${x}…'''</c> (<c>$$'''…$${x}…'''</c>: as many
    /// <c>$</c> as open it start a hole). As Bicep reads it, it ends at the first run of three or more quotes; quotes past
    /// the last three are text (<c>''''abc''''</c> is <c>'abc'</c>).</summary>
    protected override Tok? ReadOwnLiteral(char c)
    {
        var dollars = 0;
        while (Peek(dollars) == '$') dollars++;
        if (Peek(dollars) != '\'' || Peek(dollars + 1) != '\'' || Peek(dollars + 2) != '\'') return null;
        var open = Pos + dollars;
        var end = Text.IndexOf("'''", open + 3, StringComparison.Ordinal);
        if (end < 0) throw new IacSyntaxException($"line {Line}: unterminated multi-line string");
        while (end + 3 < Text.Length && Text[end + 3] == '\'') end++;
        var (startLine, value) = (Line, Text[(open + 3)..end]);
        AdvanceTo(end + 3);
        var parts = dollars == 0 ? [value] : Holes(value, dollars, startLine);
        return new Tok(TokKind.String, string.Concat(parts.OfType<string>()), startLine, parts);
    }

    /// <summary>An interpolated multi-line string's text and holes: a run of at least <paramref name="dollars"/> <c>$</c>
    /// before <c>{</c> opens a hole (the extra <c>$</c> are text); fewer are text.</summary>
    private List<object> Holes(string value, int dollars, int line)
    {
        var parts = new List<object>();
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length;)
        {
            var run = 0;
            while (i + run < value.Length && value[i + run] == '$') run++;
            if (run < dollars || i + run >= value.Length || value[i + run] != '{')
            {
                text.Append(value, i, Math.Max(run, 1));
                i += Math.Max(run, 1);
                continue;
            }
            text.Append('$', run - dollars);
            if (text.Length > 0) { parts.Add(text.ToString()); text.Clear(); }
            var close = HoleEnd(value, i + run + 1, line);
            parts.Add(ParseTemplate('$', value[(i + run + 1)..close], line));
            i = close + 1;
        }
        if (text.Length > 0 || parts.Count == 0) parts.Add(text.ToString());
        return parts;
    }

    /// <summary>Where the hole that starts at <paramref name="start"/> closes (braces inside its strings do not count).</summary>
    private static int HoleEnd(string value, int start, int line)
    {
        var (depth, inString) = (1, false);
        for (var i = start; i < value.Length; i++)
        {
            var ch = value[i];
            if (inString) { if (ch == '\\') i++; else if (ch == '\'') inString = false; }
            else if (ch == '\'') inString = true;
            else if (ch == '{') depth++;
            else if (ch == '}' && --depth == 0) return i;
        }
        throw new IacSyntaxException($"line {line}: unterminated ${{…}} in a multi-line string");
    }

    protected override Expr ParseTemplate(char sigil, string inner, int line) =>
        new BicepParser(new BicepLexer(inner).Tokenize().Select(t => t with { Line = line }).ToList(), "").ParseStandaloneExpression();
}
