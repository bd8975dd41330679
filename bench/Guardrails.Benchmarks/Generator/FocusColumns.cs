namespace Guardrails.Benchmarks.Generator;

/// <summary>
/// The column set of Microsoft's FocusCost 1.0 export (Cost Management "FOCUS cost" dataset, version 1.0), in the
/// order of the FinOps hub export schema focuscost_1.0.json (microsoft/finops-toolkit, MIT,
/// src/templates/finops-hub/modules/Microsoft.CostManagement/Exports/schemas/focuscost_1.0.json). 96 columns:
/// the FOCUS 1.0 columns Azure fills plus its x_ extension columns.
/// </summary>
internal static class FocusColumns
{
    public const int BilledCost = 0;
    public const int BillingAccountId = 1;
    public const int BillingAccountName = 2;
    public const int BillingAccountType = 3;
    public const int BillingCurrency = 4;
    public const int BillingPeriodEnd = 5;
    public const int BillingPeriodStart = 6;
    public const int ChargeCategory = 7;
    public const int ChargeClass = 8;
    public const int ChargeDescription = 9;
    public const int ChargeFrequency = 10;
    public const int ChargePeriodEnd = 11;
    public const int ChargePeriodStart = 12;
    public const int CommitmentDiscountCategory = 13;
    public const int CommitmentDiscountId = 14;
    public const int CommitmentDiscountName = 15;
    public const int CommitmentDiscountStatus = 16;
    public const int CommitmentDiscountType = 17;
    public const int ConsumedQuantity = 18;
    public const int ConsumedUnit = 19;
    public const int ContractedCost = 20;
    public const int ContractedUnitPrice = 21;
    public const int EffectiveCost = 22;
    public const int InvoiceIssuerName = 23;
    public const int ListCost = 24;
    public const int ListUnitPrice = 25;
    public const int PricingCategory = 26;
    public const int PricingQuantity = 27;
    public const int PricingUnit = 28;
    public const int ProviderName = 29;
    public const int PublisherName = 30;
    public const int RegionId = 31;
    public const int RegionName = 32;
    public const int ResourceId = 33;
    public const int ResourceName = 34;
    public const int ResourceType = 35;
    public const int ServiceCategory = 36;
    public const int ServiceName = 37;
    public const int SkuId = 38;
    public const int SkuPriceId = 39;
    public const int SubAccountId = 40;
    public const int SubAccountName = 41;
    public const int SubAccountType = 42;
    public const int Tags = 43;
    public const int x_AccountId = 44;
    public const int x_AccountName = 45;
    public const int x_AccountOwnerId = 46;
    public const int x_BilledCostInUsd = 47;
    public const int x_BilledUnitPrice = 48;
    public const int x_BillingAccountId = 49;
    public const int x_BillingAccountName = 50;
    public const int x_BillingExchangeRate = 51;
    public const int x_BillingExchangeRateDate = 52;
    public const int x_BillingProfileId = 53;
    public const int x_BillingProfileName = 54;
    public const int x_ContractedCostInUsd = 55;
    public const int x_CostAllocationRuleName = 56;
    public const int x_CostCenter = 57;
    public const int x_CustomerId = 58;
    public const int x_CustomerName = 59;
    public const int x_EffectiveCostInUsd = 60;
    public const int x_EffectiveUnitPrice = 61;
    public const int x_InvoiceId = 62;
    public const int x_InvoiceIssuerId = 63;
    public const int x_InvoiceSectionId = 64;
    public const int x_InvoiceSectionName = 65;
    public const int x_ListCostInUsd = 66;
    public const int x_PartnerCreditApplied = 67;
    public const int x_PartnerCreditRate = 68;
    public const int x_PricingBlockSize = 69;
    public const int x_PricingCurrency = 70;
    public const int x_PricingSubcategory = 71;
    public const int x_PricingUnitDescription = 72;
    public const int x_PublisherCategory = 73;
    public const int x_PublisherId = 74;
    public const int x_ResellerId = 75;
    public const int x_ResellerName = 76;
    public const int x_ResourceGroupName = 77;
    public const int x_ResourceType = 78;
    public const int x_ServicePeriodEnd = 79;
    public const int x_ServicePeriodStart = 80;
    public const int x_SkuDescription = 81;
    public const int x_SkuDetails = 82;
    public const int x_SkuIsCreditEligible = 83;
    public const int x_SkuMeterCategory = 84;
    public const int x_SkuMeterId = 85;
    public const int x_SkuMeterName = 86;
    public const int x_SkuMeterSubcategory = 87;
    public const int x_SkuOfferId = 88;
    public const int x_SkuOrderId = 89;
    public const int x_SkuOrderName = 90;
    public const int x_SkuPartNumber = 91;
    public const int x_SkuRegion = 92;
    public const int x_SkuServiceFamily = 93;
    public const int x_SkuTerm = 94;
    public const int x_SkuTier = 95;

    public static readonly string[] Names =
    [
        "BilledCost",
        "BillingAccountId",
        "BillingAccountName",
        "BillingAccountType",
        "BillingCurrency",
        "BillingPeriodEnd",
        "BillingPeriodStart",
        "ChargeCategory",
        "ChargeClass",
        "ChargeDescription",
        "ChargeFrequency",
        "ChargePeriodEnd",
        "ChargePeriodStart",
        "CommitmentDiscountCategory",
        "CommitmentDiscountId",
        "CommitmentDiscountName",
        "CommitmentDiscountStatus",
        "CommitmentDiscountType",
        "ConsumedQuantity",
        "ConsumedUnit",
        "ContractedCost",
        "ContractedUnitPrice",
        "EffectiveCost",
        "InvoiceIssuerName",
        "ListCost",
        "ListUnitPrice",
        "PricingCategory",
        "PricingQuantity",
        "PricingUnit",
        "ProviderName",
        "PublisherName",
        "RegionId",
        "RegionName",
        "ResourceId",
        "ResourceName",
        "ResourceType",
        "ServiceCategory",
        "ServiceName",
        "SkuId",
        "SkuPriceId",
        "SubAccountId",
        "SubAccountName",
        "SubAccountType",
        "Tags",
        "x_AccountId",
        "x_AccountName",
        "x_AccountOwnerId",
        "x_BilledCostInUsd",
        "x_BilledUnitPrice",
        "x_BillingAccountId",
        "x_BillingAccountName",
        "x_BillingExchangeRate",
        "x_BillingExchangeRateDate",
        "x_BillingProfileId",
        "x_BillingProfileName",
        "x_ContractedCostInUsd",
        "x_CostAllocationRuleName",
        "x_CostCenter",
        "x_CustomerId",
        "x_CustomerName",
        "x_EffectiveCostInUsd",
        "x_EffectiveUnitPrice",
        "x_InvoiceId",
        "x_InvoiceIssuerId",
        "x_InvoiceSectionId",
        "x_InvoiceSectionName",
        "x_ListCostInUsd",
        "x_PartnerCreditApplied",
        "x_PartnerCreditRate",
        "x_PricingBlockSize",
        "x_PricingCurrency",
        "x_PricingSubcategory",
        "x_PricingUnitDescription",
        "x_PublisherCategory",
        "x_PublisherId",
        "x_ResellerId",
        "x_ResellerName",
        "x_ResourceGroupName",
        "x_ResourceType",
        "x_ServicePeriodEnd",
        "x_ServicePeriodStart",
        "x_SkuDescription",
        "x_SkuDetails",
        "x_SkuIsCreditEligible",
        "x_SkuMeterCategory",
        "x_SkuMeterId",
        "x_SkuMeterName",
        "x_SkuMeterSubcategory",
        "x_SkuOfferId",
        "x_SkuOrderId",
        "x_SkuOrderName",
        "x_SkuPartNumber",
        "x_SkuRegion",
        "x_SkuServiceFamily",
        "x_SkuTerm",
        "x_SkuTier",
    ];

    /// <summary>Columns typed Decimal in the schema: written as bare numbers, never quoted.</summary>
    public static readonly HashSet<string> Numeric = new(StringComparer.Ordinal)
    {
        "BilledCost",
        "ConsumedQuantity",
        "ContractedCost",
        "ContractedUnitPrice",
        "EffectiveCost",
        "ListCost",
        "ListUnitPrice",
        "PricingQuantity",
        "x_BilledCostInUsd",
        "x_BilledUnitPrice",
        "x_BillingExchangeRate",
        "x_ContractedCostInUsd",
        "x_EffectiveCostInUsd",
        "x_EffectiveUnitPrice",
        "x_ListCostInUsd",
        "x_PricingBlockSize",
    };
}
