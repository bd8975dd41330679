namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// The expression grammar Bicep and HCL share: a ternary, binary operators (kept as opaque text: the evaluator only needs
/// literals, references, member access, indexes and calls), unary minus and not, then each language's own postfix and
/// primary forms. Newlines are insignificant inside brackets (<see cref="ParenDepth"/> &gt; 0).
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

    protected Expr ParseExpr()
    {
        var cond = ParseBinary();
        if (IsSymbol("?"))
        {
            Next();
            var a = ParseExpr();
            Expect(":");
            var b = ParseExpr();
            return new OpaqueExpr($"{ExprEvaluator.Describe(cond)} ? {ExprEvaluator.Describe(a)} : {ExprEvaluator.Describe(b)}", cond.Line);
        }
        return cond;
    }

    protected Expr ParseBinary()
    {
        var left = ParseUnary();
        while (Current.Kind == TokKind.Symbol && binaryOperators.Contains(Current.Text))
        {
            var op = Next().Text;
            var right = ParseUnary();
            left = new OpaqueExpr($"{ExprEvaluator.Describe(left)} {op} {ExprEvaluator.Describe(right)}", left.Line);
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
            return new OpaqueExpr(op.Text + ExprEvaluator.Describe(operand), op.Line);
        }
        return ParsePostfix();
    }

    /// <summary>A primary expression followed by the language's member access, indexes, calls (and splats).</summary>
    protected abstract Expr ParsePostfix();
}
