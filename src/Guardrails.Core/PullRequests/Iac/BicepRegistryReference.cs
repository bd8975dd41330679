namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// A Bicep registry module reference: <c>br/public:avm/res/compute/virtual-machine:0.11.0</c> (the public registry,
/// <c>mcr.microsoft.com/bicep/…</c>) or <c>br:myregistry.azurecr.io/bicep/modules/vm:v1</c> (a tag, or <c>@sha256:…</c>).
/// A module is published as its compiled ARM template, which the ARM reader reads. Other aliases (<c>br/ContosoRegistry:…</c>,
/// set in a <c>bicepconfig.json</c>) are not resolved.
/// </summary>
public sealed record BicepRegistryReference(string Registry, string Repository, string Tag)
{
    /// <summary>Where the public alias points.</summary>
    public const string PublicRegistry = "mcr.microsoft.com";

    /// <summary>The same module however it is written (<c>br/public:x:1</c> and <c>br:mcr.microsoft.com/bicep/x:1</c>).</summary>
    public string Key => Tag.StartsWith("sha256:", StringComparison.Ordinal) ? $"{Registry}/{Repository}@{Tag}" : $"{Registry}/{Repository}:{Tag}";

    public override string ToString() => Key;

    public static BicepRegistryReference? TryParse(string source)
    {
        string address;
        if (source.StartsWith("br/public:", StringComparison.Ordinal)) address = $"{PublicRegistry}/bicep/{source["br/public:".Length..]}";
        else if (source.StartsWith("br:", StringComparison.Ordinal)) address = source["br:".Length..];
        else return null;
        var slash = address.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) return null;
        var (registry, rest) = (address[..slash], address[(slash + 1)..]);
        var at = rest.IndexOf("@sha256:", StringComparison.Ordinal);
        var colon = rest.LastIndexOf(':');
        var (repository, tag) = at > 0 ? (rest[..at], rest[(at + 1)..]) : colon > 0 ? (rest[..colon], rest[(colon + 1)..]) : ("", "");
        return IsName(registry, ".-:") && repository.Length > 0 && repository.Split('/').All(p => IsName(p, "._-") && char.IsAsciiLetterOrDigit(p[0]) && char.IsAsciiLetterOrDigit(p[^1])) && tag.Length is > 0 and <= 128
            && IsName(tag, "._-:")
            ? new BicepRegistryReference(registry.ToLowerInvariant(), repository, tag)
            : null;
    }

    /// <summary>Letters, digits and the given punctuation only: a reference never puts anything else into a registry URL (and a
    /// repository's parts begin and end with a letter or digit, as the OCI distribution spec has them: no <c>..</c>).</summary>
    private static bool IsName(string part, string punctuation) =>
        part.Length is > 0 and <= 255 && part.All(c => char.IsAsciiLetterOrDigit(c) || punctuation.Contains(c, StringComparison.Ordinal));
}
