namespace Guardrails.Core.Common;

/// <summary>A sum of money (a fact, a resource-day, a total) beyond the decimal range, in <see cref="Currency"/>
/// (null when not known). The ingest turns it into an error naming the file.</summary>
internal sealed class SumOutOfRangeException(string? currency, Exception? inner)
    : OverflowException($"a {currency} sum is beyond the decimal range", inner)
{
    public string? Currency { get; } = currency;
}
