using Guardrails.Core.Billing;

namespace Guardrails.Core.Tests.Allocation;

/// <summary>Builds CostRecords for tests.</summary>
internal static class Records
{
    public static CostRecord Cost(decimal billed, decimal? effective = null, string day = "2024-09-01", string currency = "USD",
        string? rg = null, string? sub = null, string? subName = null, string? sku = null, string? service = "Virtual Machines",
        string? serviceCategory = "Compute", decimal? quantity = null, string? unit = null, string? resourceId = null,
        params (string Key, string Value)[] tags) =>
        new()
        {
            ChargePeriodStart = DateTimeOffset.Parse(day + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            ChargePeriodEnd = DateTimeOffset.Parse(day + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).AddDays(1),
            BilledCost = billed,
            EffectiveCost = effective ?? billed,
            ListCost = billed,
            BillingCurrency = currency,
            ResourceGroupName = rg,
            SubAccountId = sub,
            SubAccountName = subName,
            SkuName = sku,
            ServiceName = service,
            ServiceCategory = serviceCategory,
            ConsumedQuantity = quantity,
            ConsumedUnit = unit,
            ResourceId = resourceId,
            Tags = tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.OrdinalIgnoreCase),
        };
}
