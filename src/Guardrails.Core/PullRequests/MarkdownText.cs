using System.Text;

namespace Guardrails.Core.PullRequests;

/// <summary>
/// Text from a pull request's files — resource names, file paths, SKUs, values quoted in messages — made inert in the
/// GitHub Markdown of the cost comment and the check run. A fork's author controls all of it, and the comment is posted
/// by the bot in the upstream repository, so nothing they write may become markup there: no HTML (an unclosed
/// <c>&lt;!--</c> would hide the rest of the comment, the gate's verdict included), no link or image, no emphasis that
/// mimics the comment's own lines, no table cell or line break, no link made of a bare URL, and no <c>@</c>mention that notifies people.
/// CommonMark's backslash escapes do the work (a backslash before ASCII punctuation always shows that character); a
/// mention is broken with a zero-width space after the <c>@</c>, as GitHub offers no escape for it.
/// </summary>
public static class MarkdownText
{
    /// <summary>What follows an <c>@</c> so GitHub does not read a mention (a zero-width space, invisible when rendered).</summary>
    public const string MentionBreak = "&#8203;";

    /// <summary>
    /// Untrusted text as inline Markdown that renders as exactly that text (line breaks become spaces). Only what can
    /// open markup mid-line is escaped: a heading, quote or list needs a line start, which the text never has. A pair of
    /// backticks around text without a pipe stays a code span (messages quote names that way), made by <see cref="Code"/>,
    /// so what is inside is inert too; a lone backtick is escaped.
    /// </summary>
    public static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '`' && CodeSpanEnd(text, i) is var end and > 0)
            {
                sb.Append(Code(text[(i + 1)..end]));
                i = end;
            }
            else if (char.IsControl(c)) sb.Append(' ');
            else if (c == '@') sb.Append('@').Append(!IsWordChar(text, i - 1) && IsWordChar(text, i + 1) ? MentionBreak : "");
            else if (c == '_' && IsWordChar(text, i - 1) && IsWordChar(text, i + 1)) sb.Append('_'); // inside a word: never emphasis
            else if (OpensAutolink(text, i)) sb.Append('\\').Append(c); // "https://…", "www.…": shown, not linked
            else if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '|' or '~' or '&') sb.Append('\\').Append(c);
            else sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>The closing backtick of a code span opened at <paramref name="open"/>: the next backtick, when the text
    /// between is not empty and has no pipe or line break (which would need escapes a code span does not have); else -1.</summary>
    private static int CodeSpanEnd(string text, int open)
    {
        var close = text.IndexOf('`', open + 1);
        if (close <= open + 1) return -1;
        var inside = text.AsSpan(open + 1, close - open - 1);
        return inside.ContainsAny('|', '\n', '\r') ? -1 : close;
    }

    /// <summary>
    /// Untrusted text as an inline code span: fenced by one backtick more than the longest run inside it, so it cannot
    /// close the span early. In a table cell (<paramref name="inTable"/>) a pipe is escaped, which GitHub reads before the
    /// code span; elsewhere a backslash in a code span would show, so a pipe stays as it is.
    /// </summary>
    public static string Code(string? text, bool inTable = false)
    {
        var body = new StringBuilder(text?.Length ?? 0);
        foreach (var c in text ?? "") body.Append(char.IsControl(c) ? ' ' : c);
        if (inTable) body.Replace("|", "\\|");
        var content = body.ToString();
        if (content.Trim().Length == 0) return "` `";
        var fence = new string('`', LongestBacktickRun(content) + 1);
        // A span that starts or ends with a backtick (or a space) is padded with one space on each side, which CommonMark removes.
        var pad = content[0] is '`' or ' ' || content[^1] is '`' or ' ' ? " " : "";
        return fence + pad + content + pad + fence;
    }

    /// <summary>The colon of "scheme://" or the dot of a "www." that starts a word: where GitHub would start a link.</summary>
    private static bool OpensAutolink(string text, int i) =>
        (text[i] == ':' && text.AsSpan(i + 1).StartsWith("//", StringComparison.Ordinal) && IsWordChar(text, i - 1)) ||
        (text[i] == '.' && i >= 3 && text.AsSpan(i - 3, 3).Equals("www", StringComparison.OrdinalIgnoreCase) && !IsWordChar(text, i - 4));

    private static bool IsWordChar(string text, int i) => i >= 0 && i < text.Length && char.IsLetterOrDigit(text[i]);

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
