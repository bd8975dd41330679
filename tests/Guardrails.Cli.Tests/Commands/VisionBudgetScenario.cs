using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Core.Allocation;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// The budget scenario the PR-check tests share: on 2026-11-11 06:00 UTC, team vision has spent 100/day on GPU compute
/// from Nov 1 to Nov 10, and guardrails.yaml gives it 2,000 USD for the month — so 1,000 left and a forecast breach on
/// the 20th. Own table names and config file per instance; the file is deleted on dispose.
/// </summary>
internal sealed class VisionBudgetScenario : IDisposable
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 11, 6, 0, 0, TimeSpan.Zero));

    public LedgerTableNames Tables { get; } = new(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));

    /// <summary>guardrails.yaml with the vision budget only.</summary>
    public string ConfigPath { get; } = Path.Combine(Path.GetTempPath(), AzuriteFixture.UniqueName("guardrails") + ".yaml");

    public VisionBudgetScenario() =>
        File.WriteAllText(ConfigPath, "budgets:\n  - name: vision-monthly\n    scope: { team: vision }\n    amount: 2000\n    currency: USD\n");

    public static IReadOnlyList<DailyCostFact> Facts()
    {
        var vision = new AllocationKey([new("team", "vision"), new("project", "detector")]);
        return Enumerable.Range(0, 10).Select(i => new DailyCostFact
        {
            Day = new DateOnly(2026, 11, 1).AddDays(i),
            Allocation = vision,
            Category = CostCategory.GpuCompute,
            Currency = "USD",
            BilledCost = 100m,
            EffectiveCost = 100m,
            SubAccountId = "sub-1",
            ResourceGroupName = "rg-vision",
        }).ToList();
    }

    /// <summary>Stores the ledger through the CLI's own ingest path.</summary>
    public Task WriteLedgerAsync(string connectionString) =>
        IngestStore.WriteAsync(connectionString, ["vision.csv"], new IngestResult { Facts = Facts() }, TextWriter.Null, Time, Tables);

    public void Dispose() => File.Delete(ConfigPath);
}
