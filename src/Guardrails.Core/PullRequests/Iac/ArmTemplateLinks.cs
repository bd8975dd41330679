using System.Text.Json;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Where a linked template (a nested deployment's <c>templateLink</c>) is in this repository. Templates link their parts
/// relative to their own location: <c>relativePath</c>, or a <c>uri</c> built from
/// <c>deployment().properties.templateLink.uri</c> (directly, or through the <c>_artifactsLocation</c> parameter whose
/// default it is) with <c>uri(…)</c> or <c>concat(…)</c>. That location is given here as a URI that stands for the
/// template's path in the repository, so whatever the template computes from it lands back on a path. A link outside the
/// repository (another host, a template spec, a path above the root) or one that cannot be known is not read: the
/// deployment is unknown on its line, never $0.
/// </summary>
internal static class ArmTemplateLinks
{
    /// <summary>The URI standing for the repository's root (the <c>.invalid</c> domain is never a real host).</summary>
    private const string Root = "https://repository.guardrails.invalid/root/";

    /// <summary>The URI <c>deployment().properties.templateLink.uri</c> has for the template at <paramref name="file"/>.</summary>
    public static string UriOf(string file) =>
        Root + string.Join('/', file.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    /// <summary>Whether <paramref name="expr"/> is <c>deployment().properties.templateLink.uri</c>.</summary>
    public static bool IsTemplateLinkUri(Expr expr) =>
        expr is MemberExpr { Member: var uri, Target: MemberExpr { Member: var link, Target: MemberExpr { Member: var properties, Target: CallExpr { Function: var f, Arguments.Count: 0 } } } }
        && uri.Equals("uri", StringComparison.OrdinalIgnoreCase) && link.Equals("templateLink", StringComparison.OrdinalIgnoreCase)
        && properties.Equals("properties", StringComparison.OrdinalIgnoreCase) && f.Equals("deployment", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The repository path a link (<paramref name="link"/>: a <c>templateLink</c> or <c>parametersLink</c> object) of the
    /// template at <paramref name="file"/> points to, its values evaluated with <paramref name="evaluate"/>; or why it is
    /// not read (<paramref name="what"/> names the link in the reason).
    /// </summary>
    public static (string? Path, string? Reason) Target(string file, JsonElement link, string what, Func<JsonElement, Resolved> evaluate)
    {
        if (link.ValueKind != JsonValueKind.Object) return (null, $"its {what} is not an object");
        if (link.TryGetProperty("relativePath", out var relative))
        {
            var r = evaluate(relative);
            if (r.Value is not string s) return (null, $"its {what}.relativePath is not known: {r.Unresolved ?? "not a text"}");
            var path = ModuleSources.Resolve(file, WithoutQuery(s));
            return path is null ? (null, $"its {what} ({s}) points above the root of the files read") : (path, null);
        }
        if (link.TryGetProperty("id", out _)) return (null, $"its {what} is a template spec (id), which is not read");
        if (!link.TryGetProperty("uri", out var uri)) return (null, $"its {what} has no uri, relativePath or id");
        var u = evaluate(uri);
        if (u.Value is not string text) return (null, $"its {what}.uri is not known: {u.Unresolved ?? "not a text"}");
        if (!text.StartsWith(Root, StringComparison.OrdinalIgnoreCase))
        {
            // Normalised the way the URI would be requested, so `…/root/../x` is seen to climb above the root.
            return Uri.TryCreate(text, UriKind.Absolute, out var absolute) && absolute.Host.Equals(new Uri(Root).Host, StringComparison.OrdinalIgnoreCase)
                ? (null, $"its {what} points above the root of the files read")
                : (null, $"its {what} ({Shorten(text)}) is outside this repository and is not read");
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || !parsed.AbsolutePath.StartsWith(new Uri(Root).AbsolutePath, StringComparison.Ordinal))
            return (null, $"its {what} points above the root of the files read");
        return (Uri.UnescapeDataString(parsed.AbsolutePath[new Uri(Root).AbsolutePath.Length..]), null);
    }

    private static string WithoutQuery(string path) => path.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? path[..q] : path;

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "…";
}
