using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Guardrails.Core.Common;

/// <summary>
/// YamlDotNet builds node trees and objects recursively: a document nested thousands of levels deep (<c>[[[[…</c>)
/// overflows the stack and ends the process, which no catch can stop. Every YAML reader calls <see cref="Check"/>
/// first; it walks the parser's events (no recursion) and throws a <see cref="YamlException"/> at the first node
/// deeper than <see cref="MaxDepth"/>, which the readers already report with file and line.
/// </summary>
public static class YamlNesting
{
    public const int MaxDepth = 64;

    public static void Check(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart when ++depth > MaxDepth:
                        throw new YamlException(parser.Current.Start, parser.Current.End, $"nested deeper than {MaxDepth} levels");
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException e) when (!e.Message.StartsWith("nested deeper", StringComparison.Ordinal))
        {
            // A syntax error: the reader's own load reports it as it always has.
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner on an unclosed flow collection: left to the reader's load as well.
        }
    }
}
