using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using static Guardrails.Core.Tests.Allocation.Records;

namespace Guardrails.Core.Tests.Allocation;

public sealed class CostAllocatorTests
{
    private static AllocationConfig Config() => new()
    {
        Keys =
        [
            new AllocationKeyConfig
            {
                Name = "team",
                Aliases = ["team", "owner-team"],
                Defaults = new AllocationDefaultsConfig
                {
                    ResourceGroups = new(StringComparer.OrdinalIgnoreCase) { ["rg-vision"] = "vision" },
                    Subscriptions = new(StringComparer.OrdinalIgnoreCase) { ["sub-1"] = "research", ["Corp Sub"] = "corp" },
                },
            },
            new AllocationKeyConfig { Name = "project", Aliases = ["project", "application"] },
        ],
        Shared = [new SharedCostRuleConfig { Name = "platform", Key = "team", Scope = new SharedScopeConfig { ResourceGroup = "RG-Platform" } }],
    };

    [Theory]
    [InlineData("Team")]
    [InlineData("team")]
    [InlineData("TEAM")]
    [InlineData("owner-team")]
    [InlineData("Owner-Team")]
    public void Alias_keys_match_case_insensitively(string tagKey)
    {
        var a = new CostAllocator(Config()).Allocate(Cost(1m, tags: (tagKey, "nlp")));
        Assert.Equal("nlp", a.Allocation["team"]);
        Assert.Equal(AllocationKind.Direct, a.Kind);
    }

    [Fact]
    public void Untrimmed_tag_keys_and_values_are_trimmed()
    {
        // A sink that did not trim (the reader does): " owner-team" still matches.
        var a = new CostAllocator(Config()).Allocate(Cost(1m, tags: [(" owner-team ", " nlp ")]));
        Assert.Equal("nlp", a.Allocation["team"]);
    }

    [Fact]
    public void The_first_alias_wins_whatever_the_tag_order()
    {
        var allocator = new CostAllocator(Config());
        Assert.Equal("a", allocator.Allocate(Cost(1m, tags: [("owner-team", "b"), ("team", "a")])).Allocation["team"]);
        Assert.Equal("a", allocator.Allocate(Cost(1m, tags: [("team", "a"), ("owner-team", "b")])).Allocation["team"]);
    }

    [Fact]
    public void Missing_tags_inherit_from_resource_group_then_subscription_id_or_name_else_unallocated()
    {
        var allocator = new CostAllocator(Config());
        Assert.Equal("vision", allocator.Allocate(Cost(1m, rg: "RG-VISION", sub: "sub-1")).Allocation["team"]);
        Assert.Equal("research", allocator.Allocate(Cost(1m, rg: "other", sub: "SUB-1")).Allocation["team"]);
        Assert.Equal("corp", allocator.Allocate(Cost(1m, sub: "guid", subName: "corp sub")).Allocation["team"]);
        var none = allocator.Allocate(Cost(1m, rg: "other"));
        Assert.Equal("unallocated", none.Allocation["team"]);
        Assert.Equal("unallocated", none.Allocation["project"]);
        Assert.Equal(AllocationKind.Unallocated, none.Kind);
        Assert.Equal("team=unallocated;project=unallocated", none.Allocation.ToString());
    }

    [Fact]
    public void An_empty_tag_value_counts_as_missing()
    {
        var a = new CostAllocator(Config()).Allocate(Cost(1m, rg: "rg-vision", tags: ("team", "  ")));
        Assert.Equal("vision", a.Allocation["team"]);
    }

    [Fact]
    public void Rows_in_a_shared_scope_are_marked_shared_even_when_tagged()
    {
        var a = new CostAllocator(Config()).Allocate(Cost(1m, rg: "rg-platform", tags: ("team", "nlp")));
        Assert.Equal(AllocationKind.Shared, a.Kind);
        Assert.Equal(0, a.SharedRuleIndex);
    }

    [Fact]
    public void Shared_scope_by_subscription_and_tag()
    {
        var config = Config();
        config.Shared =
        [
            new SharedCostRuleConfig { Name = "s", Key = "team", Scope = new SharedScopeConfig { Subscription = "Corp Sub" } },
            new SharedCostRuleConfig { Name = "t", Key = "team", Scope = new SharedScopeConfig { Tag = new() { ["shared"] = "true" } } },
        ];
        var allocator = new CostAllocator(config);
        Assert.Equal(0, allocator.Allocate(Cost(1m, subName: "corp sub")).SharedRuleIndex);
        Assert.Equal(1, allocator.Allocate(Cost(1m, tags: ("Shared", "TRUE"))).SharedRuleIndex);
        Assert.Equal(-1, allocator.Allocate(Cost(1m, tags: ("Shared", "no"))).SharedRuleIndex);
        Assert.Contains("shared", allocator.TagKeys);
        Assert.Contains("owner-team", allocator.TagKeys);
        Assert.Contains("application", allocator.TagKeys);
    }

    [Fact]
    public void Equal_allocations_share_one_key_instance_and_strings_are_interned()
    {
        var allocator = new CostAllocator(Config());
        var a = allocator.Allocate(Cost(1m, service: new string("Storage".AsSpan()), tags: [("team", "x"), ("project", "p")]));
        var b = allocator.Allocate(Cost(2m, service: new string("Storage".AsSpan()), tags: [("Team", new string("x".AsSpan())), ("project", "p")]));
        Assert.Same(a.Allocation, b.Allocation);
        Assert.Same(a.ServiceName, b.ServiceName);
    }

    [Fact]
    public void Day_is_the_utc_day_of_the_charge_period_start()
    {
        var r = Cost(1m) with
        {
            ChargePeriodStart = new DateTimeOffset(2024, 9, 1, 23, 0, 0, TimeSpan.FromHours(-2)),
            ChargePeriodEnd = new DateTimeOffset(2024, 9, 3, 0, 0, 0, TimeSpan.Zero),
        };
        Assert.Equal(new DateOnly(2024, 9, 2), new CostAllocator(Config()).Allocate(r).Day);
    }

    [Fact]
    public void No_keys_configured_gives_an_empty_allocation()
    {
        var a = new CostAllocator(new AllocationConfig()).Allocate(Cost(1m, tags: ("team", "x")));
        Assert.Same(AllocationKey.Empty.ToString(), a.Allocation.ToString());
        Assert.Equal(AllocationKind.Unallocated, a.Kind);
    }

    [Fact]
    public void Gpu_rows_get_gpu_category_and_gpu_hours()
    {
        var allocator = new CostAllocator(Config());
        var a100x4 = allocator.Allocate(Cost(100m, sku: "Standard_NC96ads_A100_v4", quantity: 10m, unit: "Hours"));
        Assert.Equal(CostCategory.GpuCompute, a100x4.Category);
        Assert.Equal(40m, a100x4.GpuHours);
        var legacy = allocator.Allocate(Cost(100m, sku: "STANDARD_NC4AS_T4_V3", quantity: 3m, unit: "10 Hours"));
        Assert.Equal(30m, legacy.GpuHours);
        var cpu = allocator.Allocate(Cost(1m, sku: "Standard_D2s_v5", quantity: 10m, unit: "Hours"));
        Assert.Equal((CostCategory.CpuCompute, 0m), (cpu.Category, cpu.GpuHours));
    }

    [Fact]
    public void Memoised_allocation_and_category_still_follow_every_input()
    {
        var allocator = new CostAllocator(Config());
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["project"] = "p" };
        var baseRecord = Cost(1m, sku: "Standard_NC96ads_A100_v4", quantity: 1m, unit: "Hours") with { Tags = tags };

        var a = allocator.Allocate(baseRecord with { ResourceGroupName = "rg-vision" });
        var b = allocator.Allocate(baseRecord with { ResourceGroupName = "rg-platform" });
        var c = allocator.Allocate(baseRecord with { ResourceGroupName = "rg-vision", ConsumedQuantity = 2m });
        var d = allocator.Allocate(baseRecord with { SubAccountId = "sub-1" });

        Assert.Equal(("vision", AllocationKind.Direct, 4m), (a.Allocation["team"], a.Kind, a.GpuHours));
        Assert.Equal((AllocationKind.Shared, 0), (b.Kind, b.SharedRuleIndex));
        Assert.Equal(("vision", 8m), (c.Allocation["team"], c.GpuHours));
        Assert.Equal("research", d.Allocation["team"]);
    }

    [Fact]
    public void Rows_of_one_resource_reuse_its_outcome_only_while_every_input_is_the_same()
    {
        var allocator = new CostAllocator(Config());
        var id = "/subscriptions/sub-1/resourceGroups/rg-vision/providers/Microsoft.Compute/virtualMachines/vm-1";
        var visionTags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["team"] = "vision" };
        var speechTags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["team"] = "speech" };
        var row = Cost(1m, sku: "Standard_NC96ads_A100_v4", quantity: 1m, unit: "Hours", resourceId: id) with { Tags = visionTags };

        var first = allocator.Allocate(row);
        var same = allocator.Allocate(row with { ConsumedQuantity = 3m });
        var retagged = allocator.Allocate(row with { Tags = speechTags });
        var resized = allocator.Allocate(row with { Tags = speechTags, SkuName = "Standard_D2s_v5" });
        var shared = allocator.Allocate(row with { Tags = speechTags, SkuName = "Standard_D2s_v5", ResourceGroupName = "rg-platform" });
        var credit = allocator.Allocate(row with { ChargeCategory = ChargeCategory.Credit });
        var euro = allocator.Allocate(row with { BillingCurrency = "EUR", ServiceName = "Storage" });

        Assert.Equal(("vision", CostCategory.GpuCompute, 4m), (first.Allocation["team"], first.Category, first.GpuHours));
        Assert.Equal(("vision", 12m), (same.Allocation["team"], same.GpuHours)); // GPU-hours are per row, not remembered
        Assert.Equal(("speech", AllocationKind.Direct), (retagged.Allocation["team"], retagged.Kind));
        Assert.Equal((CostCategory.CpuCompute, 0m), (resized.Category, resized.GpuHours));
        Assert.Equal((AllocationKind.Shared, 0), (shared.Kind, shared.SharedRuleIndex));
        Assert.Equal(("vision", 0m), (credit.Allocation["team"], credit.GpuHours));
        Assert.Equal(("EUR", "Storage", AllocationKind.Direct), (euro.Currency, euro.ServiceName, euro.Kind));
        Assert.Same(first.ResourceId, euro.ResourceId);
    }
}
