namespace Guardrails.Core.Billing.Reading;

/// <summary>One row of a parsed export, whatever the container (CSV via Sep, Parquet). May be a ref struct.</summary>
internal interface IRawRow
{
    int ColCount { get; }

    /// <summary>1-based physical line where the row starts (CSV) or 1-based row number + 1 (Parquet, header = 1).</summary>
    long Line { get; }

    /// <summary>Length of the whole row in characters (cheap upper bound for any field's length).</summary>
    int RawLength { get; }

    /// <summary>The field's text (quotes taken off).</summary>
    ReadOnlySpan<char> this[int index] { get; }

    /// <summary>The field as it stands in the file (still quoted in CSV): a cheap identity for "same as before".</summary>
    ReadOnlySpan<char> Raw(int index);
}
