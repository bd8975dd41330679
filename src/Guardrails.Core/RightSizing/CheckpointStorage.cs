using System.Globalization;
using System.Text.RegularExpressions;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.RightSizing;

/// <summary>One tier an account could move its old Hot checkpoint data to, priced for a month, with its caveats.</summary>
public sealed record StorageTierOption
{
    public required StorageTier Tier { get; init; }
    public required decimal PricePerGbMonth { get; init; }
    public required decimal MonthlyCost { get; init; }
    /// <summary>Hot cost of the same data minus <see cref="MonthlyCost"/>; 0 when the tier is not cheaper.</summary>
    public required decimal MonthlySavings { get; init; }
    /// <summary>Days the data must stay in the tier; leaving earlier is billed the rest of them (prorated).</summary>
    public required int MinimumDays { get; init; }
    public required decimal RetrievalPerGb { get; init; }
    /// <summary>What reading the moved data back once would cost (retrieval per GB; Archive also needs hours to rehydrate).</summary>
    public required decimal ReadBackCost { get; init; }
    public required string PriceSource { get; init; }
}

/// <summary>Cost and stored volume of one tier of one account over the export's days.</summary>
public sealed record StorageTierCost(StorageTier Tier, string Meters, decimal LatestGb, decimal Cost);

/// <summary>
/// A storage account (or container) that holds checkpoints: its storage cost by tier, the Hot data estimated to be older
/// than <c>maxHotAge</c>, and what Cool/Cold/Archive would cost for it. <see cref="RecommendedTier"/> is null when no
/// recommendation is made; the reasons say why. A recommendation, never an action: no blob is moved.
/// </summary>
public sealed record CheckpointStorageFinding
{
    public required string ResourceId { get; init; }
    public required string Name { get; init; }
    public string? Region { get; init; }
    public string? Team { get; init; }
    /// <summary>Why the account counts as checkpoint storage: "tag purpose=checkpoints" or "name matches *ckpt*".</summary>
    public required string MatchedBy { get; init; }
    public required string Currency { get; init; }
    /// <summary>"recommend", "ok", "no-hot-data", "too-little-history", "unknown-tier", "not-comparable".</summary>
    public required string Status { get; init; }
    public required IReadOnlyList<StorageTierCost> Tiers { get; init; }
    /// <summary>Operations, retrieval, early deletion and egress of the account in the same days (not tier capacity).</summary>
    public decimal OtherCost { get; init; }
    public DateOnly FirstDay { get; init; }
    public DateOnly LastDay { get; init; }
    public decimal HotGb { get; init; }
    /// <summary>Estimate: the least Hot volume over the last maxHotAge days (data present throughout). Billing cannot see object ages.</summary>
    public decimal? HotGbOlderThanAge { get; init; }
    public int MaxHotAgeDays { get; init; }
    /// <summary>Effective Hot price paid per GB-month in the export (cost ÷ GB-months).</summary>
    public decimal? HotPricePerGbMonth { get; init; }
    public decimal? HotMonthlyCostOfOldData { get; init; }
    public IReadOnlyList<StorageTierOption> Options { get; init; } = [];
    public StorageTier? RecommendedTier { get; init; }
    public decimal? MonthlySavings { get; init; }
    public string? PriceSource { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }

    public bool IsRecommended => RecommendedTier is not null;
}

/// <summary>
/// Finds checkpoint storage in cost records (a tag or a name pattern from <c>rightsizing.checkpoints</c>), sums its cost
/// by access tier from the "… Data Stored" meters, and flags Hot data kept longer than <c>maxHotAge</c> with what the
/// cooler tiers would cost, their minimum storage days and read-back cost. A meter whose tier cannot be read is
/// <see cref="StorageTier.Unknown"/>: reported, never counted as cheap. Feed it records with <see cref="Accept"/>
/// (it is an <see cref="ICostRecordSink"/>), then call <see cref="Findings"/>.
/// </summary>
public sealed class CheckpointStorageAnalyzer(CheckpointStorageConfig config, StoragePriceTable prices, string teamTag = "team") : ICostRecordSink
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly Regex[] _patterns = (config.NamePatterns ?? []).Select(Wildcard).ToArray();
    private readonly HashSet<string> _tagValues = new((config.TagValues ?? []).Select(v => v.Trim()), StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private DateOnly _lastDay;

    public bool KeepsRecords => false;

    public void Accept(CostRecord r)
    {
        var capacity = StoragePriceTable.IsDataStored(r.SkuName);
        Add(new Row(DateOnly.FromDateTime(r.ChargePeriodStart.UtcDateTime), r.ResourceId, r.ResourceName, r.RegionId, r.BillingCurrency, r.Tags,
            capacity ? r.SkuName!.Trim() : null, r.ConsumedUnit, r.ConsumedQuantity is >= 0m ? r.ConsumedQuantity : null, r.ConsumedQuantity,
            r.EffectiveCost, 1, r.SourceFile, r.SourceLine));
    }

    /// <summary>
    /// Adds one row the ledger kept (<see cref="IStorageTierCostReader"/>): a storage account's capacity meter or other costs
    /// of a day, already summed. Fed every row of a period, the findings are the ones the export's records give.
    /// </summary>
    public void Accept(StorageTierDailyCost s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var tags = _accounts.ContainsKey(s.ResourceId) ? CostRecord.EmptyTags : s.TagMap(); // parsed only for an account not yet seen
        Add(new Row(s.Day, s.ResourceId, s.ResourceName, s.RegionId, s.Currency, tags, s.Meter, s.Unit, s.Quantity, s.Quantity, s.EffectiveCost,
            s.RowCount, s.Source, 0));
    }

    /// <summary>One record, or one stored row of summed records; <see cref="Meter"/> null for costs that are not tier capacity.</summary>
    private readonly record struct Row(DateOnly Day, string? ResourceId, string? ResourceName, string? RegionId, string Currency,
        IReadOnlyDictionary<string, string> Tags, string? Meter, string? Unit, decimal? Quantity, decimal? QuantityAsBilled, decimal EffectiveCost,
        long Rows, string? SourceFile, long SourceLine);

    private void Add(in Row r)
    {
        var day = r.Day;
        if (day > _lastDay) _lastDay = day;
        if (r.ResourceId is not { Length: > 0 } id || !StorageTierDailyCost.IsStorageAccount(id)) return;
        if (!_accounts.TryGetValue(id, out var a))
        {
            if (MatchedBy(r.Tags, r.ResourceName, id) is not { } how) return;
            _accounts[id] = a = new Account(id, r.ResourceName ?? Segment(id, "storageAccounts") ?? id, r.RegionId, Tag(r.Tags, teamTag), how);
        }
        a.Currencies.Add(r.Currency);
        if (r.Meter is null)
        {
            a.Other += r.EffectiveCost;
            return;
        }
        var tier = StoragePriceTable.TierOf(r.Meter);
        var t = a.Tier(tier);
        t.Meters.Add(r.Meter);
        t.Cost += r.EffectiveCost;
        if (StoragePriceTable.GbPerUnit(r.Unit) is not { } perUnit || r.Quantity is not { } q)
        {
            a.UnreadableRows += r.Rows;
            a.FirstUnreadable ??= $"{r.SourceFile}{(r.SourceLine > 0 ? ":" + r.SourceLine.ToString(Inv) : "")} ('{r.Meter}', quantity '{r.QuantityAsBilled?.ToString(Inv) ?? ""}' {r.Unit})";
            return;
        }
        var gbMonths = q * perUnit;
        // A daily row bills that day's share of the month: GB stored that day = GB-months × days in the month.
        var gb = gbMonths * DateTime.DaysInMonth(day.Year, day.Month);
        t.GbByDay[day] = t.GbByDay.GetValueOrDefault(day) + gb;
        t.GbMonths += gbMonths;
        t.PricedCost += r.EffectiveCost;
        if (a.FirstDay == default || day < a.FirstDay) a.FirstDay = day;
        if (day > a.LastDay) a.LastDay = day;
    }

    /// <summary>One finding per checkpoint account, largest saving first, up to <paramref name="end"/> (default: the last day seen).</summary>
    public IReadOnlyList<CheckpointStorageFinding> Findings(DateOnly? end = null)
    {
        var last = end ?? _lastDay;
        return _accounts.Values.Select(a => Evaluate(a, last))
            .OrderByDescending(f => f.MonthlySavings ?? -1m).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private CheckpointStorageFinding Evaluate(Account a, DateOnly end)
    {
        var ageDays = (int)Math.Round(config.MaxHotAgeTime.TotalDays);
        var currency = a.Currencies.Count == 1 ? a.Currencies.First() : string.Join("+", a.Currencies.Order(StringComparer.Ordinal));
        var reasons = UnknownVolumes(a, end, currency);
        var finding = Described(a, end, currency, ageDays, reasons);
        var status = a.Tiers.ContainsKey(StorageTier.Unknown) || a.UnreadableRows > 0 ? "unknown-tier" : "ok";
        if (a.Currencies.Count != 1)
            return finding with { Status = "not-comparable", Reasons = [$"costs in several currencies ({currency}): not compared", .. reasons] };
        if (!a.Tiers.TryGetValue(StorageTier.Hot, out var hot) || hot.GbMonths == 0m)
            return finding with { Status = status == "ok" ? "no-hot-data" : status, Reasons = [.. reasons, "no checkpoint data billed in the Hot tier"] };
        var hotGb = Math.Round(hot.GbByDay.GetValueOrDefault(end), 2);
        var from = end.AddDays(-ageDays);
        var hotPrice = Math.Round(hot.PricedCost / hot.GbMonths, 6);
        finding = finding with { HotGb = hotGb, HotPricePerGbMonth = hotPrice };
        if (a.FirstDay > from)
            return finding with
            {
                Status = status == "ok" ? "too-little-history" : status,
                Reasons = [.. reasons, $"the export covers {end.DayNumber - a.FirstDay.DayNumber + 1} day(s) of this account (from {a.FirstDay:yyyy-MM-dd}), " +
                    $"fewer than maxHotAge ({ageDays} days): the age of its Hot data cannot be told, no recommendation"],
            };
        var old = Enumerable.Range(0, ageDays + 1).Select(i => hot.GbByDay.GetValueOrDefault(from.AddDays(i))).Min();
        old = Math.Round(old, 2);
        var hotMonthly = Math.Round(old * hotPrice, 2);
        finding = finding with { HotGbOlderThanAge = old, HotMonthlyCostOfOldData = hotMonthly };
        var options = Options(old, hotMonthly, currency, reasons);
        finding = finding with { Options = options };
        if (old < config.MinHotGb)
            return finding with { Status = status, Reasons = [.. reasons, $"{Gb(old)} GB has stayed in Hot for {ageDays} days (< minHotGb {Gb(config.MinHotGb)}): not flagged"] };
        var target = Enum.Parse<StorageTier>(config.TargetTier.Trim(), ignoreCase: true);
        if (options.FirstOrDefault(o => o.Tier == target) is not { MonthlySavings: > 0m } best)
            return finding with
            {
                Status = status,
                Reasons = [.. reasons, $"{Gb(old)} GB has stayed in Hot for {ageDays} days, but {target} is not priced lower than the {Unit(hotPrice, currency)}/GB-month paid for Hot: no recommendation"],
            };
        reasons.Insert(0, Why(old, ageDays, hotPrice, hotMonthly, best, currency));
        return finding with { Status = "recommend", RecommendedTier = best.Tier, MonthlySavings = best.MonthlySavings, PriceSource = best.PriceSource };
    }

    /// <summary>The account as billed: its tiers (GB on the last day, cost), other costs, the days seen; status ok until judged.</summary>
    private static CheckpointStorageFinding Described(Account a, DateOnly end, string currency, int ageDays, List<string> reasons) => new()
    {
        ResourceId = a.Id,
        Name = a.Name,
        Region = a.Region,
        Team = a.Team,
        MatchedBy = a.MatchedBy,
        Currency = currency,
        Status = "ok",
        Tiers = a.Tiers.OrderBy(t => t.Key).Select(t => new StorageTierCost(t.Key, string.Join(", ", t.Value.Meters.Order(StringComparer.Ordinal)),
            Math.Round(t.Value.GbByDay.GetValueOrDefault(end), 2), Math.Round(t.Value.Cost, 2))).ToList(),
        OtherCost = Math.Round(a.Other, 2),
        FirstDay = a.FirstDay,
        LastDay = a.LastDay,
        MaxHotAgeDays = ageDays,
        Reasons = reasons,
    };

    /// <summary>What is billed but cannot be compared: volume in an unreadable or Premium tier, capacity rows without a quantity.</summary>
    private static List<string> UnknownVolumes(Account a, DateOnly end, string currency)
    {
        var reasons = new List<string>();
        foreach (var (tier, t) in a.Tiers.Where(t => t.Key is StorageTier.Unknown or StorageTier.Premium))
            reasons.Add(tier == StorageTier.Unknown
                ? $"{Gb(t.GbByDay.GetValueOrDefault(end))} GB billed under meter(s) {string.Join(", ", t.Meters.Order(StringComparer.Ordinal))} whose access tier cannot be read " +
                  $"({Money(t.Cost, currency)} in the export): never assumed cheap; check the account's tier"
                : $"{Gb(t.GbByDay.GetValueOrDefault(end))} GB on Premium block blob storage: Premium accounts have no access tiers; " +
                  "cooler tiers mean copying into a Standard (general-purpose v2) account");
        if (a.UnreadableRows > 0)
            reasons.Add($"{a.UnreadableRows} capacity row(s) without a GB-month quantity (first: {a.FirstUnreadable}): their volume is unknown, not zero");
        return reasons;
    }

    private List<StorageTierOption> Options(decimal gb, decimal hotMonthly, string currency, List<string> reasons)
    {
        var options = new List<StorageTierOption>();
        if (!string.Equals(prices.Currency, currency, StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add($"the storage prices are in {prices.Currency}, the account is billed in {currency}: give rightsizing.checkpoints.prices in {currency}");
            return options;
        }
        foreach (var tier in new[] { StorageTier.Cool, StorageTier.Cold, StorageTier.Archive })
        {
            if (prices.Find(tier) is not { } p) continue;
            var monthly = Math.Round(gb * p.PerGbMonth, 2);
            options.Add(new StorageTierOption
            {
                Tier = tier,
                PricePerGbMonth = p.PerGbMonth,
                MonthlyCost = monthly,
                MonthlySavings = Math.Max(0m, hotMonthly - monthly),
                MinimumDays = p.MinimumDays,
                RetrievalPerGb = p.RetrievalPerGb,
                ReadBackCost = Math.Round(gb * p.RetrievalPerGb, 2),
                PriceSource = p.Source,
            });
        }
        return options;
    }

    private static string Why(decimal gb, int days, decimal hotPrice, decimal hotMonthly, StorageTierOption o, string currency) =>
        $"about {Gb(gb)} GB of checkpoints has stayed in Hot for {days}+ days ({Money(hotMonthly, currency)}/month at the {Unit(hotPrice, currency)}/GB-month paid): " +
        $"in {o.Tier} it would cost {Money(o.MonthlyCost, currency)}/month ({Unit(o.PricePerGbMonth, currency)}/GB-month, {o.PriceSource}), " +
        $"saving {Money(o.MonthlySavings, currency)}/month. Caveats: data moved to {o.Tier} and deleted or moved again within {o.MinimumDays} days is billed " +
        $"the rest of the {o.MinimumDays} days (early deletion, {StoragePriceTable.MinimumsSource}); reading it all back once costs " +
        $"{Money(o.ReadBackCost, currency)} ({Unit(o.RetrievalPerGb, currency)}/GB retrieval){(o.Tier == StorageTier.Archive ? ", and Archive is offline: hours to rehydrate before a resume" : "")}. " +
        $"Billing cannot see object ages: confirm with blob inventory (Last-Modified) and move with a lifecycle rule " +
        $"(tierTo{o.Tier}.daysAfterModificationGreaterThan: {days}). A recommendation only: nothing is moved";

    private string? MatchedBy(IReadOnlyDictionary<string, string> tags, string? resourceName, string id)
    {
        if (Tag(tags, config.TagKey) is { } v && _tagValues.Contains(v.Trim())) return $"tag {config.TagKey.Trim()}={v.Trim()}";
        var names = new[] { resourceName, Segment(id, "storageAccounts"), Segment(id, "containers") }.Where(n => !string.IsNullOrWhiteSpace(n));
        foreach (var name in names)
            for (var i = 0; i < _patterns.Length; i++)
                if (_patterns[i].IsMatch(name!)) return $"name {name} matches {config.NamePatterns[i]}";
        return null;
    }

    private static string? Tag(IReadOnlyDictionary<string, string> tags, string key)
    {
        foreach (var (k, v) in tags)
            if (string.Equals(k.Trim(), key.Trim(), StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    private static string? Segment(string id, string after)
    {
        var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var i = Array.FindIndex(parts, p => string.Equals(p, after, StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }

    private static Regex Wildcard(string pattern) =>
        new("^" + Regex.Escape(pattern.Trim()).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string Gb(decimal gb) => gb.ToString("#,0.##", Inv);

    private static string Money(decimal amount, string currency) => Common.Money.WithCode(amount, currency);
    private static string Unit(decimal price, string currency) => Common.Money.UnitPrice(price, currency);

    private sealed class Account(string id, string name, string? region, string? team, string matchedBy)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public string? Region { get; } = region;
        public string? Team { get; } = team;
        public string MatchedBy { get; } = matchedBy;
        public HashSet<string> Currencies { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<StorageTier, TierSums> Tiers { get; } = [];
        public long UnreadableRows { get; set; }
        public string? FirstUnreadable { get; set; }
        public decimal Other { get; set; }
        public DateOnly FirstDay { get; set; }
        public DateOnly LastDay { get; set; }

        public TierSums Tier(StorageTier tier)
        {
            if (!Tiers.TryGetValue(tier, out var t)) Tiers[tier] = t = new TierSums();
            return t;
        }
    }

    private sealed class TierSums
    {
        public HashSet<string> Meters { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<DateOnly, decimal> GbByDay { get; } = [];
        public decimal Cost { get; set; }
        public decimal PricedCost { get; set; }
        public decimal GbMonths { get; set; }
    }
}
