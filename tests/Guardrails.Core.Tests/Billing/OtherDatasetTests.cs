using Guardrails.Core.Billing;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>
/// Cost Management's other datasets (price sheets, reservation details and transactions) share column names with cost
/// details. Given to ingest by mistake, each is one error that says what the file looks like, never rows read as costs.
/// The headers follow the column lists of Microsoft's export schemas for those datasets (microsoft/finops-toolkit, MIT).
/// </summary>
public class OtherDatasetTests
{
    [Theory]
    [InlineData("EnrollmentNumber,MeterID,MeterName,MeterType,MeterCategory,MeterSubCategory,ServiceFamily,Product,SkuID,ProductID,MeterRegion,UnitOfMeasure,UnitPrice,MarketPrice,BasePrice,CurrencyCode")]
    [InlineData("BillingAccountId,BillingAccountName,BillingProfileId,BillingProfileName,ServiceFamily,Product,ProductId,SkuId,UnitOfMeasure,MeterId,MeterName,MeterType,MeterCategory,UnitPrice,MarketPrice,BasePrice,Currency")]
    public async Task A_price_sheet_is_named_as_a_price_sheet(string header)
    {
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(header + "\n" + string.Join(",", header.Split(',').Select(_ => "1")) + "\n"));

        Assert.Contains("missing mandatory column(s)", e.Message);
        Assert.Contains("looks like a price sheet", e.Message);
    }

    [Fact]
    public async Task Reservation_details_are_named_as_such()
    {
        const string header = "InstanceFlexibilityGroup,InstanceFlexibilityRatio,InstanceId,Kind,ReservationOrderId,ReservationId,ReservedHours,SkuName,TotalReservedQuantity,UsageDate,UsedHours";

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(header + "\n"));

        Assert.Contains("not a cost export", e.Message);
        Assert.Contains("looks like a reservation or savings plan report", e.Message);
    }

    [Fact]
    public async Task A_cost_details_export_with_reservation_columns_is_read_as_costs()
    {
        var text = "Date,CostInBillingCurrency,BillingCurrencyCode,MeterCategory,ChargeType,ReservationId,UnitPrice,MeterId\n" +
                   "09/01/2024,1.25,USD,Virtual Machines,Usage,r-1,0.5,m-1\n";

        var result = await ReadTextAsync(text);

        Assert.Equal(1.25m, Assert.Single(result.Summary.Totals).BilledCost);
    }
}
