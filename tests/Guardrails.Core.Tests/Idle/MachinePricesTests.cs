using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using static Guardrails.Core.Tests.Budgets.TelemetryFreshSpendTests;

namespace Guardrails.Core.Tests.Idle;

/// <summary>Issue 16 item 7: a machine is priced by how its hours are billed — spot, a commitment's effective rate, on demand.</summary>
public sealed class MachinePricesTests
{
    private const string H100 = "Standard_ND96isr_H100_v5";
    private static readonly CommitmentDiscount Reservation = new(CommitmentDiscountType.Reservation, "ri-1");

    private sealed class BilledRate(decimal? rate) : IObservedRateSource
    {
        public Task<PriceQuote?> GetObservedHourlyRateAsync(ComputeMachine machine, CancellationToken cancellationToken = default) =>
            Task.FromResult(rate is { } r
                ? new PriceQuote(machine.VmSize, machine.Location, VmOs.Linux, PriceOption.OnDemand, r, "USD", new DateOnly(2026, 11, 15), "effective rate seen in billing (test)")
                : null);
    }

    private static Task<PriceQuote?> Price(ComputeMachine machine, decimal? billedRate) =>
        MachinePrices.GetHourlyPriceAsync(SnapshotPriceCatalog.Default, new BilledRate(billedRate), machine);

    [Fact]
    public async Task A_vm_under_a_reservation_is_priced_at_the_rate_seen_in_billing_not_at_the_catalogs_on_demand_price()
    {
        var reserved = Vm("h100-ri", sku: H100) with { Commitment = Reservation };
        var quote = (await Price(reserved, 62.9248m))!;
        Assert.Equal((62.9248m, "effective rate seen in billing"), (quote.HourlyPrice, MachinePrices.Describe(quote)));
        Assert.Equal("reservation", reserved.PricingModel);

        var onDemand = (await Price(Vm("h100-od", sku: H100), 62.9248m))!; // the same size on demand: the catalog's list price
        Assert.Equal((98.32m, "on-demand price"), (onDemand.HourlyPrice, MachinePrices.Describe(onDemand)));
    }

    [Fact]
    public async Task Without_a_billed_rate_a_savings_plan_vm_gets_the_catalogs_savings_plan_price_of_its_term()
    {
        var plan = Vm("a100-sp", location: "westeurope") with { Commitment = new(CommitmentDiscountType.SavingsPlan, "sp-1") };
        var quote = (await Price(plan, null))!;
        Assert.Equal((3.97471m, "1-year savings plan price"), (quote.HourlyPrice, MachinePrices.Describe(quote)));
        Assert.Equal("savings plan", plan.PricingModel);
    }

    [Fact]
    public async Task With_no_commitment_rate_known_the_on_demand_price_stands_in_labelled_as_an_upper_bound()
    {
        var quote = (await Price(Vm("h100-ri", sku: H100) with { Commitment = Reservation }, null))!; // the catalog has no reservation rows
        Assert.Equal(98.32m, quote.HourlyPrice);
        Assert.Equal(MachinePrices.UpperBoundPrefix, MachinePrices.Describe(quote));
        Assert.Contains("no reservation rate known", quote.Source);
    }

    [Fact]
    public async Task A_spot_vm_gets_the_catalogs_spot_price_and_where_the_catalog_has_none_the_rate_seen_in_billing()
    {
        var west = (await Price(Vm("a100-spot-we", location: "westeurope", spot: true), 0.9m))!;
        Assert.Equal((1.097295m, "spot price"), (west.HourlyPrice, MachinePrices.Describe(west)));
        var east = (await Price(Vm("a100-spot-east", spot: true), 0.7713m))!; // no eastus spot row in the snapshot
        Assert.Equal((0.7713m, "effective rate seen in billing"), (east.HourlyPrice, MachinePrices.Describe(east)));
        Assert.Equal("spot", Vm("s", spot: true).PricingModel);
    }

    private const string Machine = """
        machines:
          - resourceId: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1
            vmSize: Standard_ND96isr_H100_v5
            location: eastus
        """;

    [Fact]
    public void An_inventory_names_the_reservation_or_savings_plan_that_covers_a_machine()
    {
        var reserved = Assert.Single(InventoryFile.Parse(Machine + "\n    reservation: ri-7\n    commitmentTerm: 3\n", "inv.yaml").Machines);
        Assert.Equal(new CommitmentDiscount(CommitmentDiscountType.Reservation, "ri-7", 3), reserved.Commitment);
        Assert.Equal(PriceOption.Reserved3Year, reserved.Commitment!.PriceOption);
        var plan = Assert.Single(InventoryFile.Parse(Machine + "\n    savingsPlan: sp-2\n", "inv.yaml").Machines);
        Assert.Equal(PriceOption.SavingsPlan1Year, plan.Commitment!.PriceOption);
        Assert.Null(Assert.Single(InventoryFile.Parse(Machine, "inv.yaml").Machines).Commitment);
    }

    [Theory]
    [InlineData("\n    spot: true\n    reservation: ri-7\n", "machines[0].reservation", "Spot VM")]
    [InlineData("\n    reservation: ri-7\n    savingsPlan: sp-2\n", "machines[0].reservation", "one of reservation or savingsPlan")]
    [InlineData("\n    savingsPlan: sp-2\n    commitmentTerm: 2\n", "machines[0].commitmentTerm", "1 or 3")]
    public void A_commitment_that_cannot_be_is_a_config_error_with_its_line(string extra, string field, string message)
    {
        var e = Assert.Throws<ConfigException>(() => InventoryFile.Parse(Machine + extra, "inv.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
        Assert.True(error.Line >= 5, $"line {error.Line}");
    }
}
