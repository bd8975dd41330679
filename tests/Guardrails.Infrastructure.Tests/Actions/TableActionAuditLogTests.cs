using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Ledger;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Telemetry;
using Guardrails.Testing;

namespace Guardrails.Infrastructure.Tests.Actions;

[Collection(AzuriteCollection.Name)]
public sealed class TableStoresTests(AzuriteFixture azurite)
{
    private TableClient Table(string prefix) => new(azurite.ConnectionString, AzuriteFixture.UniqueName(prefix));

    [Fact]
    public async Task Audit_entries_round_trip_newest_first_per_utc_day()
    {
        var log = new TableActionAuditLog(Table("audit"));
        var t0 = new DateTimeOffset(2026, 7, 14, 22, 0, 0, TimeSpan.Zero);
        await log.AppendAsync(new ActionAuditEntry
        {
            Id = "a/1",
            Time = t0,
            ResourceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/gpu01",
            Action = "deallocate",
            Outcome = ActionOutcomeStatus.Acted,
            Origin = ActionOrigin.IdlePolicy,
            RequestedBy = "idle-gpu",
            Reasons = ["8/8 GPUs idle", "98.32 USD/hour"],
            HourlyCostSaved = 98.32m,
            Currency = "USD",
            Metrics = "GPU0 max work 0%",
        });
        await log.AppendAsync(new ActionAuditEntry
        {
            Id = "b",
            Time = t0.AddMinutes(5),
            ResourceId = "/x",
            Action = "skip",
            Outcome = ActionOutcomeStatus.Skipped,
            Origin = ActionOrigin.SpendingLimit,
            DryRun = true,
        });
        await log.AppendAsync(new ActionAuditEntry { Id = "c", Time = t0.AddHours(3), ResourceId = "/y", Action = "notify", Outcome = ActionOutcomeStatus.DryRun, Origin = ActionOrigin.IdlePolicy });

        var day = await log.ReadDayAsync(new DateOnly(2026, 7, 14));
        Assert.Equal(["b", "a/1"], day.Select(e => e.Id));
        var acted = day[1];
        Assert.Equal(98.32m, acted.HourlyCostSaved);
        Assert.Equal(["8/8 GPUs idle", "98.32 USD/hour"], acted.Reasons);
        Assert.Equal(t0, acted.Time);
        Assert.Equal(ActionOrigin.IdlePolicy, acted.Origin);
        Assert.True(day[0].DryRun);
        Assert.Single(await log.ReadDayAsync(new DateOnly(2026, 7, 15)));
        Assert.Empty(await new TableActionAuditLog(Table("none")).ReadDayAsync(new DateOnly(2026, 7, 15)));
    }

    [Fact]
    public async Task Action_log_reads_the_utc_days_asked_newest_first_with_outcome_dry_run_reason_and_savings()
    {
        var table = Table("auditlog");
        var log = new TableActionAuditLog(table);
        const string Vm = "/subscriptions/s/resourceGroups/ml-train/providers/Microsoft.Compute/virtualMachines/train-h100-01";
        const string ScaleSetVm = "/subscriptions/s/resourceGroups/ml-dev/providers/Microsoft.Compute/virtualMachineScaleSets/pool/virtualMachines/3";
        ActionAuditEntry E(string id, DateTimeOffset at, string action, ActionOutcomeStatus outcome, bool dryRun = false, decimal? saved = null,
            string resource = Vm, params string[] reasons) => new()
            {
                Id = id,
                Time = at,
                ResourceId = resource,
                Action = action,
                Outcome = outcome,
                Origin = ActionOrigin.IdlePolicy,
                RequestedBy = "idle-training-gpus",
                Reasons = reasons,
                HourlyCostSaved = saved,
                Currency = saved is null ? null : "USD",
                DryRun = dryRun,
            };
        var day = new DateTimeOffset(2026, 7, 14, 0, 0, 0, TimeSpan.Zero);
        await log.AppendAsync(E("before", day.AddSeconds(-1), "deallocate", ActionOutcomeStatus.Acted, saved: 1m));
        await log.AppendAsync(E("first", day, "mark", ActionOutcomeStatus.DryRun, dryRun: true, resource: ScaleSetVm, reasons: ["dry-run: would tag", "1/1 GPUs idle"]));
        await log.AppendAsync(E("dealloc", day.AddHours(22), "deallocate", ActionOutcomeStatus.DryRun, dryRun: true, saved: 98.32m,
            reasons: ["dry-run: would deallocate", "8/8 GPUs idle for the whole 60-min window"]));
        await log.AppendAsync(E("skip", day.AddHours(22).AddMinutes(10), "skip", ActionOutcomeStatus.Skipped, reasons: ["not idle; GPU 6: busy"]));
        await log.AppendAsync(E("acted", day.AddDays(1).AddHours(1), "deallocate", ActionOutcomeStatus.Acted, saved: 3.673m, reasons: ["deallocation started"]));
        await log.AppendAsync(E("after", day.AddDays(2), "notify", ActionOutcomeStatus.Failed));

        var entries = await log.GetActionsAsync(new DateOnly(2026, 7, 14), new DateOnly(2026, 7, 15));

        Assert.Equal([day.AddDays(1).AddHours(1), day.AddHours(22).AddMinutes(10), day.AddHours(22), day], entries.Select(e => e.Time));
        var acted = entries[0];
        Assert.Equal(("deallocate", "acted", false, 3.673m, "USD"), (acted.Action, acted.Outcome, acted.DryRun, acted.SavingsPerHour, acted.Currency));
        Assert.Equal(("skipped", "not idle; GPU 6: busy", (decimal?)null), (entries[1].Outcome, entries[1].Reason, entries[1].SavingsPerHour));
        var dryRun = entries[2];
        Assert.Equal(("dry-run", true, 98.32m), (dryRun.Outcome, dryRun.DryRun, dryRun.SavingsPerHour));
        Assert.Equal("dry-run: would deallocate; 8/8 GPUs idle for the whole 60-min window", dryRun.Reason);
        Assert.Equal(Vm, dryRun.ResourceId);
        Assert.Equal("train-h100-01", dryRun.ResourceName);
        Assert.Equal("pool_3", entries[3].ResourceName); // scale-set instance

        // The newest entries win when the period holds more than the limit; other days and tables are empty.
        var capped = new TableActionAuditLog(table) { MaxLogEntries = 2 };
        Assert.Equal(["acted", "skipped"], (await capped.GetActionsAsync(new DateOnly(2026, 7, 14), new DateOnly(2026, 7, 15))).Select(e => e.Outcome));
        Assert.Equal(["failed", "acted"], (await capped.GetActionsAsync(new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31))).Select(e => e.Outcome));
        Assert.Empty(await log.GetActionsAsync(new DateOnly(2026, 7, 10), new DateOnly(2026, 7, 12)));
        Assert.Empty(await new TableActionAuditLog(Table("none")).GetActionsAsync(new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31)));
    }

    [Fact]
    public async Task Rollups_round_trip_and_retention_purges_old_hours()
    {
        var store = new TableRollupStore(Table("rollups"));
        var h = new DateTimeOffset(2026, 7, 14, 10, 0, 0, TimeSpan.Zero);
        GpuHourlyRollup R(DateTimeOffset hour, string gpu) => new()
        {
            Host = "Train-H100-01",
            GpuId = gpu,
            Hour = hour,
            Samples = 60,
            KnownSlots = 58,
            Slots = 60,
            CoveragePercent = 96.7m,
            AvgWorkPercent = 0.25m,
            MaxWorkPercent = 1.5m,
            IdleMinutes = 58m,
            Model = "NVIDIA H100 80GB HBM3",
        };
        await store.UpsertAsync([R(h.AddDays(-40), "0"), R(h, "0"), R(h, "1"), R(h.AddHours(1), "0")]);
        var got = await store.GetAsync("train-h100-01", h, h.AddHours(1));
        Assert.Equal(2, got.Count);
        Assert.All(got, r => Assert.Equal(96.7m, r.CoveragePercent));
        Assert.Equal(0.25m, got[0].AvgWorkPercent);
        Assert.Null(got[0].AvgMemoryPercent);
        Assert.Equal(1, await store.PurgeAsync(h.AddDays(-35)));
        Assert.Empty(await store.GetAsync("train-h100-01", h.AddDays(-41), h.AddDays(-39)));
    }

    [Fact]
    public async Task Idle_cost_facts_live_in_their_own_table_and_read_back_by_day_and_scope()
    {
        var store = new TableIdleCostStore(Table("idlecost"));
        DailyCostFact F(int day, string team, decimal cost) => new()
        {
            Day = new DateOnly(2026, 7, day),
            Allocation = AllocationKey.Parse($"team={team}"),
            Category = CostCategory.IdleGpu,
            Currency = "USD",
            SubAccountId = "sub1",
            ResourceGroupName = "ml-train",
            EffectiveCost = cost,
            BilledCost = cost,
            GpuHours = 1.5m,
            RowCount = 2,
        };
        await store.UpsertAsync([F(13, "vision", 10m), F(14, "vision", 18.435m), F(14, "speech", 2m)]);
        await store.UpsertAsync([F(14, "vision", 18.435m)]); // idempotent rewrite
        var facts = await store.GetFactsAsync(new LedgerQuery(new DateOnly(2026, 7, 14), new DateOnly(2026, 7, 14)));
        Assert.Equal(2, facts.Count);
        var vision = Assert.Single(await store.GetFactsAsync(new LedgerQuery(new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31))
        { Allocation = new Dictionary<string, string> { ["team"] = "vision" } }), f => f.Day.Day == 14);
        Assert.Equal(18.435m, vision.EffectiveCost);
        Assert.Equal(CostCategory.IdleGpu, vision.Category);
    }
}
