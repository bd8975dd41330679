using System.Globalization;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// The expression grammar Bicep and HCL share: a ternary, binary operators by precedence (<see cref="Precedence"/>), unary
/// minus and not, then each language's own postfix and primary forms. Newlines are insignificant inside brackets
/// (<see cref="ParenDepth"/> &gt; 0).
/// </summary>
internal abstract class ExpressionParser(List<Tok> tokens, string file, IReadOnlySet<string> binaryOperators)
{
    protected List<Tok> Tokens { get; } = tokens;
    protected int Pos { get; set; }
    protected int ParenDepth { get; set; }

    public Expr ParseStandaloneExpression()
    {
        ParenDepth = 1;
        return ParseExpr();
    }

    protected Tok Current
    {
        get
        {
            if (ParenDepth > 0) while (Tokens[Pos].Kind == TokKind.NewLine) Pos++;
            return Tokens[Pos];
        }
    }

    protected Tok Next()
    {
        var t = Current;
        if (Pos < Tokens.Count - 1) Pos++;
        return t;
    }

    protected bool IsSymbol(string s) => Current.Kind == TokKind.Symbol && Current.Text == s;

    protected void Expect(string s)
    {
        if (!IsSymbol(s)) throw Error($"expected '{s}' but found '{Current.Text}'");
        Next();
    }

    protected IacSyntaxException Error(string message) => new($"{file}:{Current.Line}: {message}");

    /// <summary>
    /// How deep expressions and blocks may nest. Real templates nest a dozen levels; a file nested deeper (thousands of
    /// brackets) is a syntax error on its line, never a stack overflow that ends the process.
    /// </summary>
    public const int MaxNesting = 200;

    private int _nesting;

    /// <summary>Enters one level of nesting (dispose to leave); throws past <see cref="MaxNesting"/>.</summary>
    protected NestingLevel Nest()
    {
        if (_nesting >= MaxNesting) throw Error($"nested deeper than {MaxNesting} levels");
        _nesting++;
        return new NestingLevel(this);
    }

    protected readonly struct NestingLevel(ExpressionParser parser) : IDisposable
    {
        public void Dispose() => parser._nesting--;
    }

    protected Expr ParseExpr()
    {
        using var level = Nest();
        var cond = ParseBinary();
        if (IsSymbolAcrossLines("?"))
        {
            Next();
            var a = ParseExpr();
            IsSymbolAcrossLines(":");
            Expect(":");
            var b = ParseExpr();
            return new TernaryExpr(cond, a, b, cond.Line);
        }
        return cond;
    }

    /// <summary>How tightly a binary operator binds (higher first), as in both languages: <c>??</c>, <c>||</c>, <c>&amp;&amp;</c>,
    /// equality, comparison, <c>+ -</c>, <c>* / %</c>.</summary>
    private static int Precedence(string op) => op switch
    {
        "??" => 1,
        "||" => 2,
        "&&" => 3,
        "==" or "!=" or "=~" or "!~" => 4,
        "<" or ">" or "<=" or ">=" => 5,
        "+" or "-" => 6,
        _ => 7,
    };

    protected Expr ParseBinary() => ParseBinary(1);

    /// <summary>Precedence climbing: operators of one level are left-associative.</summary>
    private Expr ParseBinary(int minPrecedence)
    {
        var left = ParseUnary();
        while (Current.Kind == TokKind.Symbol && binaryOperators.Contains(Current.Text) && Precedence(Current.Text) >= minPrecedence)
        {
            var op = Next().Text;
            while (Tokens[Pos].Kind == TokKind.NewLine) Pos++; // `a &&` at the end of a line continues on the next
            var right = ParseBinary(Precedence(op) + 1);
            left = new BinaryExpr(left, op, right, left.Line);
        }
        return left;
    }

    private Expr ParseUnary()
    {
        if (IsSymbol("!") || IsSymbol("-"))
        {
            var op = Next();
            var operand = ParseUnary();
            if (op.Text == "-" && operand is LiteralExpr { Value: decimal d }) return new LiteralExpr(-d, op.Line);
            return new UnaryExpr(op.Text, operand, op.Line);
        }
        return ParsePostfix();
    }

    /// <summary>A primary expression followed by member access, indexes and calls, in the language's own forms.</summary>
    protected Expr ParsePostfix()
    {
        var e = ParsePrimary();
        while (PostfixSymbol() is { } t)
        {
            if (IsMemberAccess(t.Text))
            {
                Next();
                var member = Next();
                if (member.Kind is not (TokKind.Ident or TokKind.String or TokKind.Number) && member.Text != "*") throw Error($"expected a property name after '{t.Text}' but found '{member.Text}'");
                e = new MemberExpr(e, member.Text, e.Line, Safe: t.Text == ".?");
            }
            else if (t.Text == "[") { Next(); e = ParseIndexOrSplat(e); }
            else if (t.Text == "(" && CallName(e) is { } function) { Next(); e = new CallExpr(function, ParseArguments(), e.Line); }
            else if (t.Text == "!" && PostfixBangAssertsNonNull) Next();
            else return e;
        }
        return e;
    }

    protected abstract Expr ParsePrimary();

    /// <summary>Whether a ternary may break before its <c>?</c> and <c>:</c> outside brackets (Bicep's
    /// <c>cond\n  ? a\n  : b</c>, as its formatter writes long conditions).</summary>
    protected virtual bool TernarySpansLines => false;

    /// <summary>Whether the next symbol is <paramref name="symbol"/>, looking past newlines where a ternary may span lines
    /// (then they are skipped).</summary>
    private bool IsSymbolAcrossLines(string symbol)
    {
        if (IsSymbol(symbol)) return true;
        if (!TernarySpansLines) return false;
        var at = Pos;
        while (Tokens[at].Kind == TokKind.NewLine) at++;
        if (Tokens[at].Kind != TokKind.Symbol || Tokens[at].Text != symbol) return false;
        Pos = at;
        return true;
    }

    protected virtual bool IsMemberAccess(string symbol) => symbol == ".";

    /// <summary>After <c>[</c>: an index (HCL adds the splat <c>[*]</c>).</summary>
    protected virtual Expr ParseIndexOrSplat(Expr target) => ParseIndex(target);

    /// <summary>The function a call on <paramref name="callee"/> names, or null when it cannot be called.</summary>
    protected abstract string? CallName(Expr callee);

    /// <summary>Bicep's postfix <c>!</c> (non-null assertion), which changes nothing the evaluator reads.</summary>
    protected virtual bool PostfixBangAssertsNonNull => false;

    /// <summary>Parses inside brackets, where newlines do not count, then restores the depth outside.</summary>
    protected T InBrackets<T>(Func<T> parse)
    {
        var saved = ParenDepth;
        ParenDepth = 1;
        try { return parse(); }
        finally { ParenDepth = saved; }
    }

    /// <summary>The symbol that may continue a postfix expression (across newlines only inside brackets), or null.</summary>
    private Tok? PostfixSymbol()
    {
        var t = Tokens[Pos];
        if (t.Kind == TokKind.NewLine && ParenDepth > 0) t = Current;
        return t.Kind == TokKind.Symbol ? t : null;
    }

    /// <summary><c>target[index]</c>, after the opening bracket.</summary>
    private Expr ParseIndex(Expr target) => InBrackets(() =>
    {
        var index = ParseExpr();
        Expect("]");
        return new IndexExpr(target, index, target.Line);
    });

    /// <summary>A call's arguments, after the opening parenthesis (a spread <c>...</c> after an argument is skipped).</summary>
    private List<Expr> ParseArguments() => InBrackets(() =>
    {
        var args = new List<Expr>();
        while (!IsSymbol(")"))
        {
            args.Add(ParseExpr());
            if (IsSymbol(",")) Next();
            if (IsSymbol("...")) Next();
        }
        Expect(")");
        return args;
    });

    /// <summary>What both languages write alike: strings, numbers, true/false/null and <c>( … )</c>; null for anything else.</summary>
    protected Expr? ParseSharedPrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokKind.String:
                Next();
                return t.Parts is { Count: 1 } && t.Parts[0] is string s ? new LiteralExpr(s, t.Line) : new InterpolatedExpr(t.Parts ?? [t.Text], t.Line);
            case TokKind.Number:
                Next();
                return decimal.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? new LiteralExpr(d, t.Line) : throw Error($"bad number '{t.Text}'");
            case TokKind.Ident when t.Text is "true" or "false" or "null":
                Next();
                return new LiteralExpr(t.Text == "null" ? null : t.Text == "true", t.Line);
            case TokKind.Symbol when t.Text == "(":
                Next();
                return InBrackets(() =>
                {
                    var e = ParseExpr();
                    Expect(")");
                    return e;
                });
            default:
                return null;
        }
    }
}
