using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Budgets;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Core.RightSizing;

namespace Guardrails.Core.Tests.Reporting;

/// <summary>
/// A small SYNTHETIC month of AI-training costs (made up for tests, not real billing data): two teams training two
/// models on H100 and A100 VMs, spot and on-demand, a failed run, shared and unallocated costs, a declared fixed
/// licence and idle GPU cost. Export rows are generated first; facts and resource costs are aggregated from them the
/// way the ledger does, and the export totals are summed from the rows independently of the facts.
/// </summary>
public static class ReportTestData
{
    public sealed record Row(DateOnly Day, string Team, string Project, string Model, string? Run, string? Status,
        CostCategory Category, AllocationKind Kind, PricingCategory Pricing, string Currency, decimal Billed, decimal Effective,
        decimal GpuHours, string? ResourceId, string? Sku, string? Region);

    public static readonly DateOnly From = new(2026, 11, 1);
    public static readonly DateOnly To = new(2026, 11, 30);

    public static IReadOnlyList<Row> ExportRows()
    {
        var rows = new List<Row>();
        void Vm(int day, string team, string project, string model, string run, string status, string vm, string sku, string region,
            decimal gpus, decimal hours, decimal ratePerHour, PricingCategory pricing, decimal discount = 1m)
        {
            var billed = Math.Round(hours * ratePerHour, 6);
            rows.Add(new Row(new DateOnly(2026, 11, 1).AddDays(day - 1), team, project, model, run, status, CostCategory.GpuCompute, AllocationKind.Direct,
                pricing, "USD", billed, Math.Round(billed * discount, 6), gpus * hours,
                $"/subscriptions/0000/resourceGroups/rg-{team}/providers/Microsoft.Compute/virtualMachines/{vm}", sku, region));
        }

        // vision trains resnet on an 8×H100 VM (on-demand, eastus): run r-101 succeeds, r-102 (spot) fails.
        for (var d = 1; d <= 6; d++) Vm(d, "vision", "detect", "resnet", "r-101", "succeeded", "vm-h100-a", "Standard_ND96isr_H100_v5", "eastus", 8, d == 6 ? 7.5m : 24m, 98.32m, PricingCategory.Standard);
        for (var d = 7; d <= 9; d++) Vm(d, "vision", "detect", "resnet", "r-102", "failed", "vm-h100-spot", "Standard_ND96isr_H100_v5", "eastus", 8, 20.25m, 39.3281m, PricingCategory.Dynamic);
        // nlp fine-tunes llama on A100 (westeurope): two successful runs, one with a savings plan discount.
        for (var d = 3; d <= 12; d++) Vm(d, "nlp", "chat", "llama-ft", "r-201", "succeeded", "vm-a100-1", "Standard_NC24ads_A100_v4", "westeurope", 1, 24m, 4.0419m, PricingCategory.Standard);
        for (var d = 14; d <= 20; d++) Vm(d, "nlp", "chat", "llama-ft", "r-202", "completed", "vm-a100-2", "Standard_NC24ads_A100_v4", "westeurope", 1, 23.3333m, 4.0419m, PricingCategory.Committed, 0.8137m);
        // An unknown-status evaluation run on a T4.
        for (var d = 21; d <= 22; d++) Vm(d, "nlp", "chat", "llama-ft", "e-9", "running", "vm-t4", "Standard_NC4as_T4_v3", "swedencentral", 1, 12m, 0.526m, PricingCategory.Standard);

        for (var d = 1; d <= 30; d++)
        {
            var day = new DateOnly(2026, 11, d);
            rows.Add(new Row(day, "nlp", "chat", "llama-ft", null, null, CostCategory.Storage, AllocationKind.Direct, PricingCategory.Standard, "USD", 3.141593m, 3.141593m, 0, null, null, null));
            rows.Add(new Row(day, "vision", "detect", "resnet", null, null, CostCategory.Storage, AllocationKind.Direct, PricingCategory.Standard, "USD", 1.414214m, 1.414214m, 0, null, null, null));
            rows.Add(new Row(day, "unallocated", "unallocated", "unallocated", null, null, CostCategory.Network, AllocationKind.Unallocated, PricingCategory.Standard, "USD", 0.333333m, 0.333333m, 0, null, null, null));
            // A shared monitoring workspace, split 60/40 by the shared-cost rule.
            rows.Add(new Row(day, "vision", "detect", "resnet", null, null, CostCategory.Other, AllocationKind.Shared, PricingCategory.Standard, "USD", 2.2m * 0.6m, 2.2m * 0.6m, 0, null, null, null));
            rows.Add(new Row(day, "nlp", "chat", "llama-ft", null, null, CostCategory.Other, AllocationKind.Shared, PricingCategory.Standard, "USD", 2.2m * 0.4m, 2.2m * 0.4m, 0, null, null, null));
        }
        // Days of October in the same export file (outside the report month).
        rows.Add(new Row(new DateOnly(2026, 10, 31), "vision", "detect", "resnet", null, null, CostCategory.Storage, AllocationKind.Direct, PricingCategory.Standard, "USD", 1.414214m, 1.414214m, 0, null, null, null));
        // A small EUR marketplace charge (a second currency).
        rows.Add(new Row(new DateOnly(2026, 11, 15), "nlp", "chat", "llama-ft", null, null, CostCategory.Other, AllocationKind.Direct, PricingCategory.Standard, "EUR", 19.99m, 19.99m, 0, null, null, null));
        return rows;
    }

    /// <summary>Declared fixed cost (not in the export) and idle GPU cost from idle detection (a view of billed GPU compute).</summary>
    public static IReadOnlyList<DailyCostFact> ExtraFacts() =>
    [
        new DailyCostFact { Day = new DateOnly(2026, 11, 1), Allocation = Key("nlp", "chat", "llama-ft", null, null), Kind = AllocationKind.Fixed, Category = CostCategory.Fixed, Currency = "USD", BilledCost = 300m, EffectiveCost = 300m, ServiceName = "Licences" },
        new DailyCostFact { Day = new DateOnly(2026, 11, 2), Allocation = Key("vision", "detect", "resnet", "r-101", "succeeded"), Category = CostCategory.IdleGpu, Currency = "USD", BilledCost = 98.32m * 5, EffectiveCost = 98.32m * 5, GpuHours = 40 },
        new DailyCostFact { Day = new DateOnly(2026, 11, 5), Allocation = Key("vision", "detect", "resnet", "r-101", "succeeded"), Category = CostCategory.IdleGpu, Currency = "USD", BilledCost = 98.32m * 2.5m, EffectiveCost = 98.32m * 2.5m, GpuHours = 20 },
        new DailyCostFact { Day = new DateOnly(2026, 11, 13), Allocation = Key("nlp", "chat", "llama-ft", "r-201", "succeeded"), Category = CostCategory.IdleGpu, Currency = "USD", BilledCost = 4.0419m * 6, EffectiveCost = 4.0419m * 6, GpuHours = 6 },
    ];

    public static AllocationKey Key(string team, string project, string model, string? run, string? status)
    {
        var pairs = new List<KeyValuePair<string, string>> { new("team", team), new("project", project), new("model", model) };
        pairs.Add(new("run", run ?? AllocationKey.Unallocated));
        pairs.Add(new("status", status ?? AllocationKey.Unallocated));
        return new AllocationKey(pairs);
    }

    /// <summary>Aggregates rows into daily facts keyed like the ledger (day, allocation, kind, category, pricing, currency).</summary>
    public static IReadOnlyList<DailyCostFact> Facts(IEnumerable<Row> rows) =>
        rows.GroupBy(r => (r.Day, Key: Key(r.Team, r.Project, r.Model, r.Run, r.Status), r.Kind, r.Category, r.Pricing, r.Currency))
            .Select(g => new DailyCostFact
            {
                Day = g.Key.Day,
                Allocation = g.Key.Key,
                Kind = g.Key.Kind,
                Category = g.Key.Category,
                PricingCategory = g.Key.Pricing,
                Currency = g.Key.Currency,
                BilledCost = g.Sum(r => r.Billed),
                EffectiveCost = g.Sum(r => r.Effective),
                GpuHours = g.Sum(r => r.GpuHours),
                RowCount = g.Count(),
                ServiceName = g.Key.Category.ToString(),
            })
            .OrderBy(f => f.Day).ThenBy(f => f.FactKey, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<ResourceDailyCost> Resources(IEnumerable<Row> rows) =>
        rows.Where(r => r.ResourceId is not null)
            .GroupBy(r => (r.Day, r.ResourceId))
            .Select(g => new ResourceDailyCost
            {
                Day = g.Key.Day,
                ResourceId = g.Key.ResourceId!,
                ResourceName = g.Key.ResourceId!.Split('/')[^1],
                SkuName = g.First().Sku,
                RegionId = g.First().Region,
                Allocation = Key(g.First().Team, g.First().Project, g.First().Model, g.First().Run, g.First().Status),
                Category = g.First().Category,
                Currency = g.First().Currency,
                BilledCost = g.Sum(r => r.Billed),
                EffectiveCost = g.Sum(r => r.Effective),
                GpuHours = g.Sum(r => r.GpuHours),
            }).ToList();

    /// <summary>Totals per currency summed straight from the export rows (what an ingest reports).</summary>
    public static IReadOnlyList<CurrencyTotal> Totals(IEnumerable<Row> rows) =>
        rows.GroupBy(r => r.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(r => r.Billed), g.Sum(r => r.Effective))).ToList();

    public static ReportDataSet DataSet(IReadOnlyList<BudgetBurnDown>? budgets = null, IReadOnlyList<GuardrailActionLogEntry>? actions = null,
        IReadOnlyList<PullRequestCheckSummary>? prs = null) =>
        Provider(budgets, actions, prs).LoadAsync(From, To).GetAwaiter().GetResult();

    /// <summary>The loader over the synthetic export (October 31 and November 2026) as an in-memory ledger, with idle cost beside it.</summary>
    public static ReportDataLoader Provider(IReadOnlyList<BudgetBurnDown>? budgets = null, IReadOnlyList<GuardrailActionLogEntry>? actions = null,
        IReadOnlyList<PullRequestCheckSummary>? prs = null, IReadOnlyList<RightSizingRecommendation>? rightSizing = null)
    {
        var rows = ExportRows();
        var exportFacts = Facts(rows);
        var ledger = new LedgerSnapshot(exportFacts.Concat(ExtraFacts().Where(f => f.Category != CostCategory.IdleGpu)).ToList(), Resources(rows));
        var idle = new IdleFacts(ExtraFacts().Where(f => f.Category == CostCategory.IdleGpu).ToList());
        return new ReportDataLoader(ledger, ledger,
                budgets is null ? null : new FixedSources(budgets, [], []),
                actions is null ? null : new FixedSources([], actions, []),
                prs is null ? null : new FixedSources([], [], prs),
                new ExportTotals(Totals(rows), exportFacts, "export files (ingest row totals)"), "synthetic test export", idle)
        {
            RightSizing = rightSizing is null ? null : RightSizingSources.Fixed(rightSizing),
        };
    }

    public static IReadOnlyList<BudgetBurnDown> Budgets()
    {
        var actual = new List<BurnDownPoint>();
        var forecast = new List<ForecastPoint>();
        decimal cum = 0;
        for (var d = 1; d <= 18; d++) actual.Add(new BurnDownPoint(new DateOnly(2026, 11, d), cum += 520m));
        decimal exp = cum;
        for (var d = 19; d <= 30; d++)
        {
            exp += 520m;
            var spread = 40m * (d - 18);
            forecast.Add(new ForecastPoint(new DateOnly(2026, 11, d), exp, exp - spread, exp + spread));
        }
        return
        [
            new BudgetBurnDown
            {
                Name = "ml-training (team=vision)", Currency = "USD", Amount = 14000m, PeriodStart = From, PeriodEnd = To, Actual = actual,
                Scope = new Dictionary<string, string> { ["team"] = "vision" },
                Forecast = forecast, Spent = cum, ForecastAtPeriodEnd = exp, BreachDate = new DateOnly(2026, 11, 27), State = "forecast-100 alerted",
                Estimated = 196.64m, EstimatedBasis = "GPU telemetry × on-demand price, 1 VM, 2 h",
            },
        ];
    }

    /// <summary>
    /// SYNTHETIC right-sizing verdicts (made up for tests): vision's 2×H100 VM to one H100, nlp's A100 to a T4, an nlp A100
    /// billed in EUR to Spot (a second currency), and a T4 with too little telemetry (no recommendation).
    /// </summary>
    public static IReadOnlyList<RightSizingRecommendation> RightSizing()
    {
        static GpuUsageEvidence Evidence(int gpus, int used, decimal peak, decimal busy, decimal coverage) => new()
        {
            WindowStart = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero),
            WindowEnd = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
            WindowDays = 14,
            Gpus = gpus,
            GpusReporting = gpus,
            GpusUsed = used,
            PeakMemoryGiB = peak,
            BusyPercent = busy,
            CoveragePercent = coverage,
            RunningHours = 336,
            MinCoveragePercent = 90,
        };
        static string Id(string team, string vm) => $"/subscriptions/0000/resourceGroups/rg-{team}/providers/Microsoft.Compute/virtualMachines/{vm}";
        return
        [
            new RightSizingRecommendation
            {
                ResourceId = Id("vision", "vm-h100-pair"), Name = "vm-h100-pair", Team = "vision", Region = "eastus", CurrentSize = "Standard_NC80adis_H100_v5",
                RecommendedSize = "Standard_NC40ads_H100_v5", RecommendedPriority = "on-demand", Kind = "fewer-gpus", MonthlySavings = 5104.16m, Currency = "USD",
                Confidence = "high", Reasons = ["1 of 2 GPU(s) used"], Evidence = Evidence(2, 1, 61.5m, 42m, 99.5m),
            },
            new RightSizingRecommendation
            {
                ResourceId = Id("nlp", "vm-a100-1"), Name = "vm-a100-1", Team = "nlp", Region = "eastus", CurrentSize = "Standard_NC24ads_A100_v4",
                RecommendedSize = "Standard_NC4as_T4_v3", RecommendedPriority = "on-demand", Kind = "smaller-gpu", MonthlySavings = 2297.31m, Currency = "USD",
                Confidence = "medium", Reasons = ["peak 6 GiB"], Evidence = Evidence(1, 1, 6m, 8m, 97m),
            },
            new RightSizingRecommendation
            {
                ResourceId = Id("nlp", "vm-a100-eu"), Name = "vm-a100-eu", Team = "nlp", Region = "westeurope", CurrentSize = "Standard_NC24ads_A100_v4",
                RecommendedSize = "Standard_NC24ads_A100_v4", RecommendedPriority = "spot", Kind = "spot", MonthlySavings = 1987.5m, Currency = "EUR",
                Confidence = "high", Reasons = ["checkpoints"], Evidence = Evidence(1, 1, 70m, 85m, 100m),
            },
            new RightSizingRecommendation
            {
                ResourceId = Id("nlp", "vm-t4"), Name = "vm-t4", Team = "nlp", Region = "swedencentral", CurrentSize = "Standard_NC4as_T4_v3",
                Reasons = ["telemetry covers 60% of the 14-day window (< 90%, the idle coverage rule): no recommendation, never a guess"],
                Evidence = Evidence(1, 1, 3m, 20m, 60m),
            },
        ];
    }

    public static IReadOnlyList<GuardrailActionLogEntry> Actions() =>
    [
        new GuardrailActionLogEntry { Time = new DateTimeOffset(2026, 11, 5, 14, 0, 0, TimeSpan.Zero), Action = "deallocate", Outcome = "acted", ResourceName = "vm-h100-a", Reason = "all 8 GPUs < 5% for 60 min, coverage 100%", SavingsPerHour = 98.32m, Currency = "USD" },
        new GuardrailActionLogEntry { Time = new DateTimeOffset(2026, 11, 13, 9, 30, 0, TimeSpan.Zero), Action = "mark-for-op", Outcome = "warned", ResourceName = "vm-a100-1", Reason = "idle 60 min; deallocate at 2026-11-13T13:30Z unless busy", DryRun = true, SavingsPerHour = 4.0419m, Currency = "USD" },
        new GuardrailActionLogEntry { Time = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero), Action = "deallocate", Outcome = "skipped", ResourceName = "vm-a100-2", Reason = "telemetry coverage 62% < 90%: not idle" },
    ];

    public static IReadOnlyList<PullRequestCheckSummary> PullRequests() =>
    [
        new PullRequestCheckSummary { Repository = "contoso/ml-infra", Number = 42, Title = "Add ND H100 pool for pretraining", CheckedAt = new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero), Currency = "USD", MonthlyCostBefore = 2950.56m, MonthlyCostAfter = 74724.16m, Gate = "fail" },
        new PullRequestCheckSummary { Repository = "contoso/ml-infra", Number = 45, Title = "Use spot for eval nodes", CheckedAt = new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero), Currency = "USD", MonthlyCostBefore = 1200m, MonthlyCostAfter = 480m, Gate = "pass" },
    ];

    /// <summary>The idle-cost table (beside the ledger) held in memory.</summary>
    private sealed class IdleFacts(IReadOnlyList<DailyCostFact> facts) : IIdleCostStore
    {
        public Task UpsertAsync(IReadOnlyList<DailyCostFact> facts, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<DailyCostFact>>(facts.Where(f => f.Day >= query.From && f.Day <= query.ToInclusive).ToList());
    }

    private sealed class FixedSources(IReadOnlyList<BudgetBurnDown> budgets, IReadOnlyList<GuardrailActionLogEntry> actions,
        IReadOnlyList<PullRequestCheckSummary> prs) : IBudgetStatusSource, IActionLogSource, IPullRequestCheckSource
    {
        public Task<IReadOnlyList<BudgetBurnDown>> GetBurnDownsAsync(DateOnly asOf, CancellationToken cancellationToken = default) => Task.FromResult(budgets);
        public Task<IReadOnlyList<GuardrailActionLogEntry>> GetActionsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default) => Task.FromResult(actions);
        public Task<IReadOnlyList<PullRequestCheckSummary>> GetChecksAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default) => Task.FromResult(prs);
    }
}
