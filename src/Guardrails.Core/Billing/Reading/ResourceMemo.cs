namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// The previous row's values of one resource (interned strings and parsed tags), with the text they were read from: rows of
/// one resource repeat them, so the mapper compares the text instead of looking each value up. Handed out with the resource's records as their
/// <see cref="ResourceSlot"/>.
/// </summary>
internal sealed class ResourceMemo(string id) : ResourceSlot
{
    public const int ResourceName = 0, ResourceType = 1, Region = 2, ServiceName = 3, ServiceCategory = 4,
        SkuMeterCategory = 5, SkuId = 6, ConsumedUnit = 7, SubAccountId = 8, SubAccountName = 9, ResourceGroup = 10,
        PricingSubcategory = 11, Meter = 12, Count = 13;

    public readonly string Id = id;
    public readonly string?[] Values = new string?[Count];
    public readonly string?[] Raw = new string?[Count];
    public readonly string?[] DetailsRaw = new string?[2];
    public readonly string?[] DetailsSku = new string?[2];
    public string? TagsRaw;
    public string? ResourceGroupFromId;
    public IReadOnlyDictionary<string, string> Tags = CostRecord.EmptyTags;
}
