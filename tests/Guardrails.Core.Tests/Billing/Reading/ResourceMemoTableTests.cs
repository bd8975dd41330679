using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Billing.Reading;
using Guardrails.Core.Configuration;
using static Guardrails.Core.Tests.Allocation.Records;

namespace Guardrails.Core.Tests.Billing.Reading;

public class ResourceMemoTableTests
{
    private const string Prefix = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/";

    [Fact]
    public void Answers_each_id_with_its_own_memo_while_it_fits()
    {
        var table = new ResourceMemoTable(sets: 4096); // 40 ids in 4,096 sets of two: no set gets three
        var ids = Enumerable.Range(0, 40).Select(i => $"{Prefix}vm-{i:D3}").ToArray();
        var first = ids.Select(id => table.Get(id.AsSpan())).ToArray();

        for (var round = 0; round < 3; round++)
            for (var i = 0; i < ids.Length; i++)
            {
                var memo = table.Get(ids[i].AsSpan());
                Assert.Equal(ids[i], memo.Id);
                Assert.Same(first[i], memo);
            }
    }

    [Fact]
    public void Holds_at_most_its_slots_and_reuses_the_least_recently_used_memo_for_a_new_id()
    {
        var table = new ResourceMemoTable(sets: 1); // two slots: every id shares the one set
        Assert.Equal(2, table.Capacity);
        var a = table.Get($"{Prefix}vm-a".AsSpan());
        a.Values[ResourceMemo.ResourceName] = "vm-a";
        a.TagsRaw = "{\"team\": \"x\"}";
        var b = table.Get($"{Prefix}vm-b".AsSpan());
        Assert.Same(a, table.Get($"{Prefix}vm-a".AsSpan())); // a used last: b is the one to go

        var c = table.Get($"{Prefix}vm-c".AsSpan());

        Assert.Same(b, c); // the object is reused, not a new one per resource
        Assert.Equal($"{Prefix}vm-c", c.Id);
        Assert.Same(a, table.Get($"{Prefix}vm-a".AsSpan()));
        Assert.Equal("vm-a", a.Values[ResourceMemo.ResourceName]);

        var d = table.Get($"{Prefix}vm-d".AsSpan()); // c goes now (a was used after it)
        Assert.Same(c, d);
        Assert.Equal($"{Prefix}vm-d", d.Id);
        Assert.All(d.Values, v => Assert.Null(v));
        Assert.Null(d.TagsRaw);
        Assert.Same(CostRecord.EmptyTags, d.Tags);
    }

    [Fact]
    public void The_allocator_does_not_take_a_reused_slots_outcome_for_another_resource()
    {
        // A reader reuses a slot for another resource; the allocator's memo there still holds the first resource's
        // outcome, with every input of the next record the same instance except the id.
        var allocator = new CostAllocator(new AllocationConfig());
        var slot = new ResourceSlot();
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["team"] = "vision" };
        CostRecord Row(string id)
        {
            var r = Cost(1m, rg: "rg", resourceId: id);
            r.Fields.Tags = tags;
            r.Fields.Resource = new ResourceSlotRef(slot);
            return r;
        }

        var first = allocator.Allocate(Row(Prefix + "vm-a"));
        var second = allocator.Allocate(Row(Prefix + "vm-b"));

        Assert.Equal(Prefix + "vm-a", first.ResourceId);
        Assert.Equal(Prefix + "vm-b", second.ResourceId);
    }
}
