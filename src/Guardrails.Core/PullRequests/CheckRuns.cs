using System.Globalization;
using Guardrails.Core.Common;

namespace Guardrails.Core.PullRequests;

/// <summary>
/// The check run for one priced PR: conclusion from the gate, a summary (totals, gate reasons), the comment as details,
/// and annotations on the head lines that add cost (warning when the gate fails, notice otherwise) and on what could
/// not be read or priced (failure when it fails the gate).
/// </summary>
public static class CheckRuns
{
    /// <summary>GitHub accepts at most 50 annotations per request.</summary>
    public const int MaxAnnotations = 50;
    private const int MaxText = 65_535;

    public static CheckRunResult Build(string name, string headSha, CostEstimate e, GateResult gate, string commentBody)
    {
        var c = e.Currency;
        var annotations = new List<CheckAnnotation>();
        foreach (var f in e.ParseErrors.Where(f => f.Side == "head"))
            annotations.Add(new(f.Error.File, Math.Max(1, f.Error.Line ?? 1), AnnotationLevel.Failure, "not priced: file could not be read", f.Error.Message));
        foreach (var u in e.Unpriced.Where(u => u.Side == "head"))
            annotations.Add(new(u.File, Math.Max(1, u.Line), u.BlocksGate && gate.Reasons.Any(r => r.StartsWith("not priced:", StringComparison.Ordinal))
                ? AnnotationLevel.Failure : AnnotationLevel.Warning, $"not priced: {u.Name}", u.Reason));
        foreach (var r in e.Resources.Where(r => r.DiffMonthlyCost > 0 && r.HeadResource is not null).OrderByDescending(r => r.DiffMonthlyCost))
        {
            var before = r.Base is null ? "new" : Money.Format(r.Base.MonthlyCost, c);
            annotations.Add(new(r.File, Math.Max(1, r.HeadResource!.Line), gate.State == GateState.Failure ? AnnotationLevel.Warning : AnnotationLevel.Notice,
                $"{Money.FormatSigned(r.DiffMonthlyCost, c)}/month",
                $"{r.Name}: {r.Sku} × {r.Quantity.ToString("0.##", CultureInfo.InvariantCulture)}: {before} → {Money.Format(r.Head!.MonthlyCost, c)} per month"));
        }
        var summary = $"{Money.FormatSigned(e.DiffMonthlyCost, c)}/month: {Money.Format(e.BaseMonthlyCost, c)} → {Money.Format(e.HeadMonthlyCost, c)}\n\n"
            + (gate.State == GateState.Success ? "Gate passed" : "Gate failed") + ": " + MarkdownText.Inline(gate.Description) + "\n"
            + string.Concat(gate.Reasons.Select(r => "- " + MarkdownText.Inline(r) + "\n"));
        if (annotations.Count > MaxAnnotations)
            summary += $"\n{annotations.Count - MaxAnnotations} more annotation(s) not shown (GitHub takes {MaxAnnotations} per check run); the comment lists everything.\n";
        var text = commentBody.Length <= MaxText ? commentBody : CostCommentRenderer.Fit(commentBody, MaxText);
        return new CheckRunResult(name, headSha, gate.State == GateState.Success,
            gate.State == GateState.Success ? $"{Money.FormatSigned(e.DiffMonthlyCost, c)}/month: within limits" : gate.Description,
            summary, text, annotations.Take(MaxAnnotations).ToList());
    }
}
