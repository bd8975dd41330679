using System.Text.RegularExpressions;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.PullRequests;

/// <summary>
/// What the head side could not read, as it bears on a base resource that has no head counterpart. Such a resource is
/// removed only if the head was read and it is not there: when the head cannot be read where it would be, it is unknown
/// (never a saving). Three ways the head hides it: the file it is in (or a file it is read through: a caller, a parameter
/// file) does not parse at head; the module call it came from is not expanded at head (its source not read, a registry
/// module); or its own instances are unknown at head (<c>vm[0]</c>, <c>vm[1]</c> at base, <c>vm</c> with an unknown count at head).
/// </summary>
internal sealed partial class HeadUnknowns(IacParseResult head)
{
    private readonly List<IacResource> _unknown = [.. head.Resources.Where(r => r.UnresolvedReason is not null)];

    /// <summary>
    /// The base resource as unknown at head, if the head cannot show whether <paramref name="b"/> is still there (located where
    /// the head could not be read, so a check-run annotation lands on a head line); null when it is truly removed.
    /// </summary>
    public UnpricedResource? Hiding(IacResource b) =>
        (UnreadableFile(b) ?? UnexpandedCall(b) ?? UnknownInstances(b)) is { } cause
            ? new UnpricedResource(cause.File, b.Name, b.Type, b.Sku, "head", $"not read at head, so not counted as removed: {cause.Reason}", cause.Line)
            : null;

    private (string File, int Line, string Reason)? UnreadableFile(IacResource b) => head.Errors
        .FirstOrDefault(e => e.File == b.File || b.Via.Any(v => v == e.File || v.StartsWith(e.File + "#", StringComparison.Ordinal)))
        is { } error ? (error.File, error.Line ?? 0, error.ToString()) : null;

    private (string File, int Line, string Reason)? UnexpandedCall(IacResource b) => Cause(_unknown
        .FirstOrDefault(u => u.Type.StartsWith("module ", StringComparison.Ordinal) && u.Via.Count > 0 && u.Via.Count <= b.Via.Count
            && u.Via.SequenceEqual(b.Via.Take(u.Via.Count))));

    private (string File, int Line, string Reason)? UnknownInstances(IacResource b) => Cause(_unknown
        .FirstOrDefault(u => u.File == b.File && u.Type == b.Type && u.Via.SequenceEqual(b.Via) && Stem(u.Name) == Stem(b.Name)));

    private static (string File, int Line, string Reason)? Cause(IacResource? u) =>
        u is null ? null : (u.File, u.Line, $"{u.File}:{u.Line}: {u.UnresolvedReason}");

    /// <summary>A name without its instance keys (<c>module.pool["a"].vm[0]</c> → <c>module.pool.vm</c>).</summary>
    private static string Stem(string name) => InstanceKey().Replace(name, "");

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex InstanceKey();
}
