using System.Runtime.CompilerServices;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// The reading of one file, whatever its container: resolves the layout from the header, maps each row (accepted rows to
/// the sink, rejected rows to the quarantine — or held back by part in a parallel read), and counts rows and totals per
/// currency.
/// </summary>
internal sealed class CostReadState(string source, CostReadOptions options, ICostRecordSink sink, bool byPart = false)
{
    /// <summary>With <c>byPart</c>: rejected rows held back with their part and line in part (file lines are known
    /// only once every part before theirs has been read).</summary>
    public List<(int Part, QuarantinedRow Row)> PartRejects { get; } = [];

    /// <summary>The part the current row comes from (parallel reads; 0 otherwise).</summary>
    public int Part { get; private set; }

    public void BeginPart(int part)
    {
        Part = part;
        sink.BeginPart(part);
    }

    private readonly Dictionary<string, (decimal Billed, decimal Effective)> _totals = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string>? _tagKeys = options.TagKeys is null
        ? null
        : new HashSet<string>(options.TagKeys.Select(k => k.Trim()), StringComparer.OrdinalIgnoreCase);
    private ExportLayout? _layout;
    private string? _lastCurrency;
    private decimal _lastBilled, _lastEffective;

    public string Source { get; } = source;
    public long Read { get; private set; }
    public long Accepted { get; private set; }
    public long Rejected { get; private set; }

    public CostRowMapper Start(string[] header)
    {
        _layout = ExportLayout.Resolve(Source, header, options.Format);
        return new CostRowMapper(_layout, Source, _tagKeys, reuseRecord: !sink.KeepsRecords);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Row<TRow>(CostRowMapper mapper, scoped ref TRow row) where TRow : IRawRow, allows ref struct =>
        Row(mapper, ref row, row.Line);

    /// <summary>One row; <paramref name="line"/> is where a rejected row is reported (the line in its part with <c>byPart</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Row<TRow>(CostRowMapper mapper, scoped ref TRow row, long line) where TRow : IRawRow, allows ref struct
    {
        Read++;
        if (mapper.TryMap(ref row, out var record))
        {
            Accepted++;
            Add(record!, line);
            sink.Accept(record!);
        }
        else
        {
            Rejected++;
            if (mapper.FileProblem is { } problem) throw new CostExportException(Source, byPart && Part != 0 ? null : line, problem);
            if (byPart) PartRejects.Add((Part, mapper.Rejection(line)));
            else options.Quarantine?.Add(mapper.Rejection(line));
        }
    }

    private void Add(CostRecord record, long line)
    {
        if (!ReferenceEquals(record.BillingCurrency, _lastCurrency))
        {
            Flush();
            _lastCurrency = record.BillingCurrency;
        }

        try
        {
            _lastBilled += record.BilledCost;
            _lastEffective += record.EffectiveCost;
        }
        catch (OverflowException e)
        {
            // Every value is a decimal, but their sum is not: the file's total cannot be stated, so the file fails
            // (with the line where the total left the range; a later part of a parallel read has no file line yet).
            throw CostExportReader.TotalOutOfRange(Source, byPart && Part != 0 ? null : line, record.BillingCurrency, e);
        }
    }

    private void Flush()
    {
        if (_lastCurrency is null) return;
        try
        {
            _totals[_lastCurrency] = _totals.TryGetValue(_lastCurrency, out var t)
                ? (t.Billed + _lastBilled, t.Effective + _lastEffective)
                : (_lastBilled, _lastEffective);
        }
        catch (OverflowException e)
        {
            throw CostExportReader.TotalOutOfRange(Source, null, _lastCurrency, e);
        }

        _lastBilled = _lastEffective = 0;
    }

    public CostReadSummary Summary()
    {
        Flush();
        _lastCurrency = null;
        var totals = _totals.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new CurrencyTotal(t.Key, t.Value.Billed, t.Value.Effective)).ToList();
        return new CostReadSummary(Source, Read, Accepted, Rejected, _layout?.Format ?? options.Format, _layout?.Version, totals);
    }
}
