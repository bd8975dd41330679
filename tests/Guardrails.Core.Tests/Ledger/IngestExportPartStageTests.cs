using Guardrails.Core.Ledger;
using Microsoft.Extensions.Logging;
using NSubstitute;

namespace Guardrails.Core.Tests.Ledger;

/// <summary>What the Function App's ingest stage tells operators about a part beyond its counts.</summary>
public sealed class IngestExportPartStageTests
{
    /// <summary>Keeps what is logged at warning level and above.</summary>
    private sealed class Warnings : ILogger<IngestExportPartStage>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning) Lines.Add(formatter(state, exception));
        }
    }

    private static readonly ExportPartMessage Part = new()
    {
        Export = "exports/focus/daily",
        RunId = "run-1",
        Container = "exports",
        Blob = "focus/daily/part_0.csv",
        PartIndex = 0,
        PartCount = 2,
        PeriodStart = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        PeriodEnd = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
        SubmittedTime = new DateTimeOffset(2026, 11, 16, 6, 0, 0, TimeSpan.Zero),
    };

    private static async Task<List<string>> WarningsOfAsync(IngestResult read)
    {
        var parts = Substitute.For<IExportPartReader>();
        parts.ReadAsync(Part, Arg.Any<CancellationToken>()).Returns(read);
        var log = new Warnings();
        await new IngestExportPartStage(parts, Substitute.For<IExportRunLedger>(), new ExportPipelineOptions(), log).IngestAsync(Part, dequeueCount: 1);
        return log.Lines;
    }

    [Fact]
    public async Task Tags_whose_two_spellings_disagreed_are_a_warning_naming_the_part_and_the_conflict()
    {
        const string conflict = "team: unallocated: tag 'team' is 'vision' but tag 'user:team' is 'speech'";
        var warnings = await WarningsOfAsync(new IngestResult { RowsRead = 3, RowsAccepted = 3, TagConflicts = [conflict] });

        var line = Assert.Single(warnings);
        Assert.Contains("Part 1/2 of run", line, StringComparison.Ordinal);
        Assert.EndsWith("allocation: " + conflict, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_part_without_conflicts_logs_no_warning() =>
        Assert.Empty(await WarningsOfAsync(new IngestResult { RowsRead = 3, RowsAccepted = 3 }));
}
