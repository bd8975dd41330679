
namespace Guardrails.Core.PullRequests.Iac;

internal sealed class BicepParser(List<Tok> tokens, string file) : ExpressionParser(tokens, file, s_binary)
{
    private static readonly HashSet<string> s_binary = ["==", "!=", "<=", ">=", "&&", "||", "=~", "!~", "??", "+", "-", "*", "/", "%", "<", ">"];
    private readonly List<BicepReader.Statement> _nested = [];
    private readonly Stack<(string Name, string Type)> _parents = new();

    public List<BicepReader.Statement> ParseFile()
    {
        var list = new List<BicepReader.Statement>();
        while (true)
        {
            SkipNewLines();
            var t = Current;
            if (t.Kind == TokKind.Eof) break;
            if (t.Kind == TokKind.Symbol && t.Text == "@") { Next(); ParsePostfix(); continue; }
            if (t.Kind != TokKind.Ident) { SkipStatement(); continue; }
            var start = Pos;
            try
            {
                switch (t.Text)
                {
                    case "param": list.Add(ParseParam()); break;
                    case "var": list.Add(ParseVar()); break;
                    case "resource": list.Add(ParseResourceOrModule("resource")); list.AddRange(_nested); _nested.Clear(); break;
                    case "module": list.Add(ParseResourceOrModule("module")); break;
                    case "import" when ParseImport() is { } imports: list.AddRange(imports); break;
                    case "func": list.Add(ParseFunc()); break;
                    default: Pos = start; SkipStatement(); break;
                }
            }
            catch (IacSyntaxException) when (t.Text is "param" or "var" or "import" or "func")
            {
                // An expression we cannot parse in a param/var: the name stays unknown to the evaluator.
                Pos = start;
                SkipStatement();
            }
        }
        return list;
    }

    private void SkipNewLines()
    {
        while (Tokens[Pos].Kind == TokKind.NewLine || (Tokens[Pos].Kind == TokKind.Symbol && Tokens[Pos].Text == ",")) Pos++;
    }

    private void SkipStatement()
    {
        var depth = 0;
        while (true)
        {
            var t = Tokens[Pos];
            if (t.Kind == TokKind.Eof) return;
            if (t.Kind == TokKind.NewLine && depth == 0) return;
            if (t.Kind == TokKind.Symbol && t.Text is "{" or "[" or "(") depth++;
            if (t.Kind == TokKind.Symbol && t.Text is "}" or "]" or ")") depth = Math.Max(0, depth - 1);
            Pos++;
        }
    }

    private BicepReader.Statement ParseParam()
    {
        var line = Next().Line;
        var name = Next().Text;
        // The type runs to '=' or the end of the line (object types may span lines).
        var depth = 0;
        Tok? last = null;
        while (true)
        {
            var t = Tokens[Pos];
            if (t.Kind == TokKind.Eof) break;
            if (depth == 0 && (t.Kind == TokKind.NewLine || (t.Kind == TokKind.Symbol && t.Text == "="))) break;
            if (t.Kind == TokKind.Symbol && t.Text is "{" or "[" or "(") depth++;
            if (t.Kind == TokKind.Symbol && t.Text is "}" or "]" or ")") depth--;
            last = t;
            Pos++;
        }
        // A nullable type without a default (`param minCount int?`) is an optional parameter: null unless it is given.
        Expr? value = last is { Kind: TokKind.Symbol, Text: "?" } ? new LiteralExpr(null, line) : null;
        if (Tokens[Pos].Kind == TokKind.Symbol && Tokens[Pos].Text == "=") { Pos++; value = ParseExpr(); }
        return new("param", name, null, value, line);
    }

    /// <summary>
    /// A compile-time import of another Bicep file's exported values: <c>import {a, b as c} from 'file.bicep'</c> (one statement
    /// per name: Kind <c>import</c>, Name the local name, TypeString the path, Value the exported name) or
    /// <c>import * as ns from 'file.bicep'</c> (Value null: the namespace). Null (skipped) for anything else (an extension's
    /// <c>import 'az@1.0.0'</c>).
    /// </summary>
    private List<BicepReader.Statement>? ParseImport()
    {
        var line = Next().Line;
        var names = new List<(string Exported, string Local)>();
        string? ns = null;
        if (IsSymbol("{"))
        {
            Next();
            while (true)
            {
                while (Current.Kind == TokKind.NewLine || IsSymbol(",")) Next();
                if (IsSymbol("}")) { Next(); break; }
                if (Current.Kind is not (TokKind.Ident or TokKind.String)) throw Error($"expected a name to import but found '{Current.Text}'");
                var exported = Next().Text;
                var local = exported;
                if (Current is { Kind: TokKind.Ident, Text: "as" }) { Next(); local = Next().Text; }
                names.Add((exported, local));
            }
        }
        else if (IsSymbol("*"))
        {
            Next();
            if (Current is not { Kind: TokKind.Ident, Text: "as" }) throw Error("expected 'as' after 'import *'");
            Next();
            ns = Next().Text;
        }
        else return null;
        if (Current is not { Kind: TokKind.Ident, Text: "from" }) throw Error("expected 'from' in an import");
        Next();
        var path = Next();
        if (path.Kind != TokKind.String || path.Parts is { Count: > 1 }) throw Error("expected the path of the imported file");
        return ns is not null
            ? [new("import", ns, path.Text, null, line)]
            : [.. names.Select(n => new BicepReader.Statement("import", n.Local, path.Text, new LiteralExpr(n.Exported, line), line))];
    }

    /// <summary>A user-defined function, <c>func name(a string, b int) string => body</c>: Kind <c>func</c>, TypeString its
    /// parameter names joined by commas, Value the body.</summary>
    private BicepReader.Statement ParseFunc()
    {
        var line = Next().Line;
        var name = Next().Text;
        Expect("(");
        var parameters = new List<string>();
        while (!IsSymbol(")"))
        {
            while (Current.Kind == TokKind.NewLine || IsSymbol(",")) Next();
            if (IsSymbol(")")) break;
            if (Current.Kind != TokKind.Ident) throw Error($"expected a parameter name but found '{Current.Text}'");
            parameters.Add(Next().Text);
            SkipTypeUntil(",", ")"); // the parameter's type
        }
        Next();
        SkipTypeUntil("=>"); // the return type
        Expect("=>");
        return new("func", name, string.Join(',', parameters), ParseExpr(), line);
    }

    /// <summary>Skips a type (<c>string[]</c>, <c>{ a: int }</c>, <c>'x' | 'y'</c>) up to one of <paramref name="ends"/> outside brackets.</summary>
    private void SkipTypeUntil(params string[] ends)
    {
        var depth = 0;
        while (Current.Kind != TokKind.Eof)
        {
            if (depth == 0 && Current.Kind == TokKind.Symbol && ends.Contains(Current.Text)) return;
            if (Current.Kind == TokKind.Symbol && Current.Text is "{" or "[" or "(") depth++;
            if (Current.Kind == TokKind.Symbol && Current.Text is "}" or "]" or ")") depth--;
            Next();
        }
        throw Error($"expected '{ends[0]}'");
    }

    private BicepReader.Statement ParseVar()
    {
        var line = Next().Line;
        var name = Next().Text;
        Expect("=");
        return new("var", name, null, ParseExpr(), line);
    }

    /// <summary>A <c>resource</c> or <c>module</c> declaration; a resource declared inside another's body (a nested child)
    /// is kept in <see cref="_nested"/> with its full type (the parent's type and its own), read after its parent.</summary>
    private BicepReader.Statement ParseResourceOrModule(string kind)
    {
        var line = Next().Line;
        var name = Next().Text;
        var typeTok = Next();
        if (typeTok.Kind != TokKind.String) throw Error($"expected a type string after {kind} {name}");
        var parent = _parents.TryPeek(out var p) ? p : default;
        var type = kind == "resource" && parent.Type is not null ? ChildType(parent.Type, typeTok.Text) : typeTok.Text;
        var existing = false;
        if (Current.Kind == TokKind.Ident && Current.Text == "existing") { existing = true; Next(); }
        Expect("=");
        // The value may start on the next line (`=` then a comment or a line break before `if (…) {`).
        while (Current.Kind == TokKind.NewLine) Next();
        if (kind == "resource") _parents.Push((name, type));
        try
        {
            return new(kind, name, type, ParseExpr(), line, existing, parent.Name);
        }
        finally
        {
            if (kind == "resource") _parents.Pop();
        }
    }

    /// <summary>A nested resource's full type: <c>computes@2024-04-01</c> in a workspace is
    /// <c>Microsoft.MachineLearningServices/workspaces/computes@2024-04-01</c>; a fully qualified type stays as it is.</summary>
    internal static string ChildType(string parentType, string childType)
    {
        if (childType.Contains('/', StringComparison.Ordinal) && childType.Contains('.', StringComparison.Ordinal)) return childType;
        var at = parentType.IndexOf('@', StringComparison.Ordinal);
        var parentName = at < 0 ? parentType : parentType[..at];
        var childAt = childType.IndexOf('@', StringComparison.Ordinal);
        var version = childAt < 0 ? (at < 0 ? "" : parentType[at..]) : childType[childAt..];
        return $"{parentName}/{(childAt < 0 ? childType : childType[..childAt])}{version}";
    }

    protected override bool IsMemberAccess(string symbol) => symbol is "." or ".?" or "::";

    protected override bool PostfixBangAssertsNonNull => true;

    protected override bool TernarySpansLines => true;

    /// <summary>After <c>[</c>: Bicep's safe index <c>x[?'key']</c> reads like <c>x['key']</c>.</summary>
    protected override Expr ParseIndexOrSplat(Expr target)
    {
        if (IsSymbol("?")) Next();
        return base.ParseIndexOrSplat(target);
    }

    /// <summary>A lambda (<c>x =&gt; …</c>, <c>(a, b) =&gt; …</c>) at the current token, the argument of <c>map</c>, <c>filter</c>,
    /// <c>reduce</c>, … (<see cref="IacLambdaFunctions"/>); null when the tokens there are not one.</summary>
    private LambdaExpr? ParseLambda()
    {
        var at = Pos;
        while (Tokens[at].Kind == TokKind.NewLine) at++;
        var start = at;
        var parameters = new List<string>();
        if (Tokens[at].Kind == TokKind.Ident) parameters.Add(Tokens[at++].Text);
        else if (Tokens[at].Kind == TokKind.Symbol && Tokens[at].Text == "(")
        {
            at++;
            for (; Tokens[at].Kind == TokKind.Ident || Tokens[at].Kind == TokKind.NewLine || Tokens[at] is { Kind: TokKind.Symbol, Text: "," }; at++)
                if (Tokens[at].Kind == TokKind.Ident) parameters.Add(Tokens[at].Text);
            if (Tokens[at] is not { Kind: TokKind.Symbol, Text: ")" }) return null;
            at++;
        }
        else return null;
        if (Tokens[at] is not { Kind: TokKind.Symbol, Text: "=>" }) return null;
        Pos = at + 1;
        return new LambdaExpr(parameters, ParseExpr(), Tokens[start].Line);
    }

    protected override string? CallName(Expr callee) =>
        callee is RefExpr r ? r.Name : callee is MemberExpr m ? m.Member : ExprEvaluator.Describe(callee);

    protected override Expr ParsePrimary()
    {
        if (ParseLambda() is { } lambda) return lambda;
        if (ParseSharedPrimary() is { } shared) return shared;
        var t = Current;
        switch (t.Kind)
        {
            case TokKind.Ident:
                Next();
                if (t.Text != "if" || !IsSymbol("(")) return new RefExpr(t.Text, t.Line);
                Next();
                var cond = InBrackets(() =>
                {
                    var c = ParseExpr();
                    Expect(")");
                    return c;
                });
                return new ConditionalExpr(cond, ParseExpr(), t.Line);
            case TokKind.Symbol when t.Text == "{":
                return ParseObject();
            case TokKind.Symbol when t.Text == "[":
                return ParseArray();
            default:
                throw Error($"unexpected '{t.Text}'");
        }
    }

    private ObjectExpr ParseObject()
    {
        var line = Next().Line;
        var saved = ParenDepth;
        ParenDepth = 0;
        var props = new List<KeyValuePair<string, Expr>>();
        while (true)
        {
            SkipNewLines();
            if (IsSymbol("}")) { Next(); break; }
            if (Current.Kind == TokKind.Eof) throw Error("unterminated object");
            if (IsSymbol("@")) { Next(); ParsePostfix(); continue; }
            if (IsSymbol("...")) { var spread = Next(); props.Add(new("...", new SpreadExpr(ParseExpr(), spread.Line))); continue; }
            var key = Next();
            if (key.Kind == TokKind.Ident && key.Text == "resource" && !IsSymbol(":"))
            {
                Pos--;
                _nested.Add(ParseResourceOrModule("resource"));
                continue;
            }
            if (key.Kind is not (TokKind.Ident or TokKind.String)) throw Error($"unexpected '{key.Text}' as an object key");
            Expect(":");
            props.Add(new(key.Text, ParseExpr()));
        }
        ParenDepth = saved;
        return new ObjectExpr(props, line);
    }

    private string LoopName() =>
        Current.Kind == TokKind.Ident ? Next().Text : throw Error($"expected a loop variable name but found '{Current.Text}'");

    private Expr ParseArray()
    {
        var line = Next().Line;
        var saved = ParenDepth;
        ParenDepth = 0;
        SkipNewLines();
        if (Current.Kind == TokKind.Ident && Current.Text == "for")
        {
            Next();
            string? item, index = null;
            if (IsSymbol("("))
            {
                Next();
                item = LoopName();
                if (IsSymbol(",")) { Next(); index = LoopName(); }
                Expect(")");
            }
            else item = LoopName();
            if (!(Current.Kind == TokKind.Ident && Current.Text == "in")) throw Error("expected 'in' in for expression");
            Next();
            ParenDepth = 1;
            var source = ParseBinary();
            Expect(":");
            ParenDepth = 0;
            var body = ParseExpr();
            SkipNewLines();
            Expect("]");
            ParenDepth = saved;
            return new ForExpr(source, body, line, item, index);
        }
        var items = new List<Expr>();
        while (true)
        {
            SkipNewLines();
            if (IsSymbol("]")) { Next(); break; }
            if (Current.Kind == TokKind.Eof) throw Error("unterminated array");
            if (IsSymbol("...")) { var spread = Next(); items.Add(new SpreadExpr(ParseExpr(), spread.Line)); continue; }
            items.Add(ParseExpr());
        }
        ParenDepth = saved;
        return new ArrayExpr(items, line);
    }
}
