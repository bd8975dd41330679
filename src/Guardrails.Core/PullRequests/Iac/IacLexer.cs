using System.Text;

namespace Guardrails.Core.PullRequests.Iac;

public sealed class IacSyntaxException(string message) : Exception(message);

internal enum TokKind { Ident, String, Number, Symbol, NewLine, Eof }

internal sealed record Tok(TokKind Kind, string Text, int Line, IReadOnlyList<object>? Parts = null);

/// <summary>
/// The one lexer for Bicep and HCL: comments dropped, newlines kept (they separate statements and members), strings
/// with <c>${…}</c> templates parsed into expression parts. A language says only what differs: its quote, comment and
/// identifier characters, its two-character symbols, its own literals (Bicep <c>'''…'''</c>, HCL heredocs) and how a
/// template's inside is parsed.
/// </summary>
internal abstract class IacLexer(string text)
{
    protected readonly string Text = text;
    protected int Pos;
    protected int Line = 1;

    protected abstract char Quote { get; }
    protected abstract IReadOnlyCollection<string> TwoCharSymbols { get; }
    protected abstract bool StartsLineComment(char c);
    protected abstract bool IsIdentifierPart(char c);
    protected abstract bool IsNumberPart(char c);
    /// <summary>A template sigil: <c>$</c> for both, <c>%</c> (directives) for HCL.</summary>
    protected virtual bool IsTemplateSigil(char c) => c == '$';
    /// <summary>Whether <c>$${</c> stands for a literal <c>${</c> (HCL), rather than a template.</summary>
    protected virtual bool DoubledSigilEscapes => false;
    /// <summary>A literal only this language has (read from <see cref="Pos"/>), or null.</summary>
    protected virtual Tok? ReadOwnLiteral(char c) => null;
    /// <summary>The expression inside <c>${…}</c> (or <c>%{…}</c>) of a string that starts on <paramref name="line"/>.</summary>
    protected abstract Expr ParseTemplate(char sigil, string inner, int line);

    public List<Tok> Tokenize()
    {
        var list = new List<Tok>();
        while (Pos < Text.Length)
        {
            var c = Text[Pos];
            if (c == '\n') { list.Add(new Tok(TokKind.NewLine, "\n", Line)); Line++; Pos++; continue; }
            if (char.IsWhiteSpace(c)) { Pos++; continue; }
            if (StartsLineComment(c) || (c == '/' && Peek(1) == '/')) { SkipToEndOfLine(); continue; }
            if (c == '/' && Peek(1) == '*') { SkipBlockComment(); continue; }
            if (ReadOwnLiteral(c) is { } own) { list.Add(own); continue; }
            if (c == Quote) { list.Add(ReadString()); continue; }
            list.Add(char.IsDigit(c) ? Read(TokKind.Number, IsNumberPart)
                : char.IsLetter(c) || c == '_' ? Read(TokKind.Ident, IsIdentifierPart)
                : ReadSymbol(c));
        }
        list.Add(new Tok(TokKind.Eof, "", Line));
        return list;
    }

    protected char Peek(int ahead) => Pos + ahead < Text.Length ? Text[Pos + ahead] : '\0';

    /// <summary>Moves <see cref="Pos"/> to <paramref name="to"/>, counting the newlines passed.</summary>
    protected void AdvanceTo(int to)
    {
        for (; Pos < to && Pos < Text.Length; Pos++) if (Text[Pos] == '\n') Line++;
        Pos = to;
    }

    private void SkipToEndOfLine() { while (Pos < Text.Length && Text[Pos] != '\n') Pos++; }

    private void SkipBlockComment()
    {
        var end = Text.IndexOf("*/", Pos + 2, StringComparison.Ordinal);
        if (end < 0) throw new IacSyntaxException($"line {Line}: unterminated comment");
        AdvanceTo(end + 2);
    }

    private Tok Read(TokKind kind, Func<char, bool> isPart)
    {
        var start = Pos;
        while (Pos < Text.Length && isPart(Text[Pos]) && !(kind == TokKind.Number && Text[Pos] == '.' && !char.IsDigit(Peek(1)))) Pos++;
        return new Tok(kind, Text[start..Pos], Line);
    }

    private Tok ReadSymbol(char c)
    {
        var symbol = c == '.' && Peek(1) == '.' && Peek(2) == '.' ? "..."
            : Pos + 1 < Text.Length && TwoCharSymbols.Contains(Text.Substring(Pos, 2)) ? Text.Substring(Pos, 2)
            : c.ToString();
        Pos += symbol.Length;
        return new Tok(TokKind.Symbol, symbol, Line);
    }

    private Tok ReadString()
    {
        var startLine = Line;
        Pos++; // opening quote
        var parts = new List<object>();
        var sb = new StringBuilder();
        while (true)
        {
            if (Pos >= Text.Length || Text[Pos] == '\n') throw new IacSyntaxException($"line {startLine}: unterminated string");
            var c = Text[Pos];
            if (c == '\\' && Pos + 1 < Text.Length)
            {
                sb.Append(Text[Pos + 1] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', var n => n });
                Pos += 2;
            }
            else if (c == Quote) { Pos++; break; }
            else if (DoubledSigilEscapes && IsTemplateSigil(c) && Peek(1) == c && Peek(2) == '{') { sb.Append(c).Append('{'); Pos += 3; }
            else if (IsTemplateSigil(c) && Peek(1) == '{')
            {
                if (sb.Length > 0) { parts.Add(sb.ToString()); sb.Clear(); }
                parts.Add(ParseTemplate(c, ReadTemplateInside(startLine), startLine));
            }
            else { sb.Append(c); Pos++; }
        }
        if (sb.Length > 0 || parts.Count == 0) parts.Add(sb.ToString());
        return new Tok(TokKind.String, string.Concat(parts.OfType<string>()), startLine, parts);
    }

    /// <summary>The text between <c>${</c> and its closing brace (strings inside may hold braces); leaves Pos after it.</summary>
    private string ReadTemplateInside(int startLine)
    {
        var start = Pos + 2;
        var depth = 1;
        var i = start;
        var inString = false;
        for (; i < Text.Length && depth > 0; i++)
        {
            var ch = Text[i];
            if (inString) { if (ch == '\\') i++; else if (ch == Quote) inString = false; }
            else if (ch == Quote) inString = true;
            else if (ch == '{') depth++;
            else if (ch == '}') depth--;
        }
        if (depth != 0) throw new IacSyntaxException($"line {startLine}: unterminated ${{…}} in string");
        Pos = i;
        return Text[start..(i - 1)];
    }
}
