using System.Globalization;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>A resource's tags in Bicep or Terraform: absent = none; not a literal map = unknown (null).</summary>
internal static class IacTags
{
    public static IReadOnlyDictionary<string, string>? Read(Expr? tags, ExprEvaluator eval)
    {
        if (tags is null) return new Dictionary<string, string>();
        var r = eval.Evaluate(tags);
        if (r.Value is not Dictionary<string, object?> d || UnknownValue.In(d) is not null) return null;
        return d.ToDictionary(k => k.Key, k => Convert.ToString(k.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase);
    }
}
