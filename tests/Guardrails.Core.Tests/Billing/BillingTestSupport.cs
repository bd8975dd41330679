using System.Text;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Tests.Billing;

internal sealed class ListSink : ICostRecordSink
{
    public List<CostRecord> Records { get; } = [];
    public void Accept(CostRecord record) => Records.Add(record);
}

internal sealed class ListQuarantine : IQuarantineSink
{
    public List<QuarantinedRow> Rows { get; } = [];
    public string? Location => null;
    public void Add(QuarantinedRow row) => Rows.Add(row);
}

internal sealed record ReadResult(CostReadSummary Summary, List<CostRecord> Records, List<QuarantinedRow> Rejected);

internal static class BillingTestSupport
{
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Guardrails.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
        }
    }

    public static string Sample(params string[] parts) => Path.Combine([RepositoryRoot, "samples", "billing", .. parts]);

    public static IngestSource FromBytes(string name, byte[] bytes) =>
        new(name, _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)), bytes.Length);

    public static IngestSource FromText(string name, string text) => FromBytes(name, Encoding.UTF8.GetBytes(text));

    public static async Task<ReadResult> ReadAsync(IngestSource source, CostReadOptions? options = null)
    {
        var sink = new ListSink();
        var quarantine = new ListQuarantine();
        var summary = await new CostExportReader().ReadAsync(source, (options ?? new CostReadOptions()) with { Quarantine = quarantine }, sink);
        Assert.Equal(summary.RowsRead, summary.RowsAccepted + summary.RowsRejected);
        Assert.Equal(summary.RowsAccepted, sink.Records.Count);
        Assert.Equal(summary.RowsRejected, quarantine.Rows.Count);
        return new ReadResult(summary, sink.Records, quarantine.Rows);
    }

    public static Task<ReadResult> ReadTextAsync(string text, CostReadOptions? options = null, string name = "test.csv") =>
        ReadAsync(FromText(name, text), options);

    /// <summary>A minimal FOCUS 1.0 header plus rows; each row gives values for these columns in this order.</summary>
    public const string FocusHeader = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ResourceId,Tags";

    public static string Focus(params string[] rows) => FocusHeader + "\n" + string.Join("\n", rows) + "\n";

    public static string Row(string cost = "1.5", string tags = "\"{\"\"team\"\":\"\"a\"\"}\"", string currency = "USD",
        string start = "2024-09-01 00:00:00", string category = "Usage") =>
        $"{start},2024-09-02 00:00:00,{cost},{cost},{currency},{category},/subscriptions/s/resourceGroups/rg1/providers/x/y/vm1,{tags}";
}
