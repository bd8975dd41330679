using System.Text;

namespace Guardrails.Cli.Samples;

/// <summary>
/// The demo's story: one ML organisation (Fabrikam ML) and the first half of its November 2026, generated from a seed so
/// the files in samples/month are reproduced byte for byte (tests/Guardrails.Cli.Tests/Samples/SampleMonthTests.cs).
/// <list type="bullet">
/// <item>a month-to-date FOCUS 1.2 cost export as Cost Management writes it (ISO timestamps with Z, x_ columns, daily rows
/// per resource and meter, Tags as JSON with the usual inconsistencies: `Team` vs `team`, a stray space, an untagged disk);</item>
/// <item>nvidia-smi CSV telemetry of the same GPU VMs over the same days (30-minute samples);</item>
/// <item>the inventory of those VMs, the configuration (allocation, budgets, idle policies, PR checks) and a PR (IaC base/head)
/// that adds GPUs for the team heading for a breach.</item>
/// </list>
/// Every amount is decimal and computed here once, so the export and the telemetry describe the same hours.
/// </summary>
public static class SampleMonth
{
    public const int DefaultSeed = 20261116;
    public const string Month = "2026-11";
    public static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    /// <summary>The export is month-to-date: Cost Management's run of the 16th covers the 1st to the 15th.</summary>
    public const int Days = 15;
    public const int SampleMinutes = 30;
    /// <summary>When Cost Management wrote the export: the budget context of the PR check is evaluated then.</summary>
    public const string ExportedAt = "2026-11-16T00:00:00Z";

    public const string SubscriptionId = "5e1c0a7e-5a3b-4c6d-9e8f-0a1b2c3d4e5f";
    public const string SubscriptionName = "fabrikam-ml-prod";
    public const string BillingAccountId = "/providers/Microsoft.Billing/billingAccounts/00000000-0000-0000-0000-000000000000:11111111-1111-1111-1111-111111111111_2019-05-31";
    public const string BillingProfileId = "/providers/Microsoft.Billing/billingAccounts/00000000-0000-0000-0000-000000000000:11111111-1111-1111-1111-111111111111_2019-05-31/billingProfiles/FBRK-ML01";
    public const string ReservationId = "/providers/Microsoft.Capacity/reservationOrders/7c1d3f0a-8b2e-4d5c-9a6f-2e3d4c5b6a70/reservations/0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f";

    /// <summary>A GPU VM of the story.</summary>
    public sealed record Vm(string Name, string ResourceGroup, string Size, string Region, string RegionName, int Gpus, string GpuModel,
        int GpuMemoryMiB, decimal ListHourly, string Pricing, decimal Hourly, string TagsJson, string InventoryTags, string Pattern);

    /// <summary>Public pay-as-you-go Linux prices of samples/prices/prices.csv for these sizes and regions.</summary>
    public static IReadOnlyList<Vm> Vms { get; } =
    [
        // Reserved (1-year, monthly payments): the pretraining box, busy with checkpoints.
        new("train-h100-01", "ml-train", "Standard_ND96isr_H100_v5", "eastus", "East US", 8, "NVIDIA H100 80GB HBM3", 81559, 98.32m, "Committed", 62.9248m,
            """{"team": "vision", "project": "llm-pretrain", "env": "prod", "owner": "ana@fabrikam.example"}""",
            "{ team: vision, project: llm-pretrain, env: prod, owner: ana@fabrikam.example }", "pretrain"),
        // On demand: a fine-tune for three days, then forgotten, all 8 GPUs idle until the export's last day.
        new("train-h100-02", "ml-train", "Standard_ND96isr_H100_v5", "eastus", "East US", 8, "NVIDIA H100 80GB HBM3", 81559, 98.32m, "Standard", 98.32m,
            """{"Team": "vision", "project": "llm-finetune", "env": "prod", "owner": "ben@fabrikam.example"}""",
            "{ team: vision, project: llm-finetune, env: prod, owner: ben@fabrikam.example }", "forgotten"),
        // Spot: speech's training, evicted now and then.
        new("train-a100-spot-01", "ml-train", "Standard_NC24ads_A100_v4", "eastus", "East US", 1, "NVIDIA A100 80GB PCIe", 81920, 3.673m, "Dynamic", 0.7713m,
            """{"team": "speech", "project": "asr", "env": "prod", "owner": "li@fabrikam.example"}""",
            "{ team: speech, project: asr, env: prod, owner: li@fabrikam.example }", "spot"),
        // On demand dev boxes: busy in office hours, often left on over night.
        new("dev-a100-01", "ml-dev", "Standard_NC24ads_A100_v4", "eastus", "East US", 1, "NVIDIA A100 80GB PCIe", 81920, 3.673m, "Standard", 3.673m,
            """{"team": "speech", "project": "asr", "env": "dev", " owner": "li@fabrikam.example"}""",
            "{ team: speech, project: asr, env: dev, owner: li@fabrikam.example }", "dev"),
        new("dev-a100-02", "ml-dev", "Standard_NC24ads_A100_v4", "eastus", "East US", 1, "NVIDIA A100 80GB PCIe", 81920, 3.673m, "Standard", 3.673m,
            """{"team": "speech", "project": "tts", "env": "dev", "owner": "mo@fabrikam.example"}""",
            "{ team: speech, project: tts, env: dev, owner: mo@fabrikam.example }", "dev"),
        new("inference-t4-01", "ml-serve", "Standard_NC4as_T4_v3", "eastus", "East US", 1, "Tesla T4", 15360, 0.526m, "Standard", 0.526m,
            """{"team": "vision", "project": "detector", "env": "prod"}""",
            "{ team: vision, project: detector, env: prod }", "serve"),
        new("notebook-t4-01", "research", "Standard_NC4as_T4_v3", "westeurope", "West Europe", 1, "Tesla T4", 15360, 0.658m, "Standard", 0.658m,
            """{"team": "research", "project": "notebooks", "env": "dev", "owner": "sam@fabrikam.example"}""",
            "{ team: research, project: notebooks, env: dev, owner: sam@fabrikam.example }", "notebook"),
        // On demand, all fortnight: a small image-embedding model on a whole A100. The model stays loaded (~9 GiB, 11 % of the
        // framebuffer, so the idle policy rightly leaves it alone), the GPU works only in the daily re-index (2 h of 24):
        // the right-sizing case, a T4 holds it.
        new("inference-a100-01", "ml-serve", "Standard_NC24ads_A100_v4", "eastus", "East US", 1, "NVIDIA A100 80GB PCIe", 81920, 3.673m, "Standard", 3.673m,
            """{"team": "vision", "project": "embeddings", "env": "prod", "owner": "kai@fabrikam.example"}""",
            "{ team: vision, project: embeddings, env: prod, owner: kai@fabrikam.example }", "small-model"),
    ];

    /// <summary>One generated file: its path relative to samples/month and its exact content.</summary>
    public sealed record SampleFile(string Path, string Content);

    /// <summary>Hours a VM ran each hour of the period (0..1) and whether its GPUs were busy (per 30-minute slot).</summary>
    private sealed class Usage(int slots)
    {
        public bool[] Running { get; } = new bool[slots];
        public bool[] Busy { get; } = new bool[slots];
    }

    public static IReadOnlyList<SampleFile> Generate(int seed = DefaultSeed)
    {
        var random = new Random(seed);
        var slots = Days * 24 * 60 / SampleMinutes;
        var usage = Vms.ToDictionary(v => v.Name, v => Simulate(v, slots, random));

        var files = new List<SampleFile>
        {
            new("export/fabrikam-ml_focus-1.2_2026-11-16.csv", Export(usage, random)),
            new("inventory.yaml", Inventory(usage)),
        };
        foreach (var vm in Vms)
            files.Add(new($"telemetry/{vm.Name}.nvidia-smi.csv", Telemetry(vm, usage[vm.Name], random)));
        var speechSpent = SpentBy(usage, "speech");
        files.Add(new("guardrails.yaml", Config(speechSpent)));
        files.AddRange(Pr());
        return files;
    }

    private static Usage Simulate(Vm vm, int slots, Random random)
    {
        var u = new Usage(slots);
        for (var s = 0; s < slots; s++)
            (u.Running[s], u.Busy[s]) = Slot(vm.Pattern, s, random);
        return u;
    }

    /// <summary>Whether a VM of <paramref name="pattern"/> runs in slot <paramref name="s"/> of the month, and whether its GPUs work.</summary>
    private static (bool Running, bool Busy) Slot(string pattern, int s, Random random)
    {
        const int perHour = 60 / SampleMinutes;
        var hour = s / perHour % 24;
        var day = s / perHour / 24 + 1;
        var weekday = Start.AddDays(day - 1).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        switch (pattern)
        {
            case "pretrain":
                // Runs all month; every 6 hours a 30-minute checkpoint (GPUs wait on storage), one stall on day 9.
                return (true, !(s % (6 * perHour) == 0) && !(day == 9 && hour is >= 2 and < 6));
            case "forgotten":
                // Started on the 3rd at 08:00, fine-tuned until the 5th at 20:00, then never stopped.
                var start = (2 * 24 + 8) * perHour;
                return (s >= start, s >= start && s < (4 * 24 + 20) * perHour);
            case "spot":
                // Training jobs all day; an eviction takes it away for a few hours now and then.
                var running = !(day is 4 or 11 && hour is >= 13 and < 17) && random.Next(100) >= 2;
                return (running, running);
            case "dev":
                // Office hours on weekdays (08:00-18:00 UTC); left running over night on some days.
                var office = weekday && hour is >= 8 and < 18;
                var leftOn = weekday && day % 3 == 0 ? hour >= 8 || hour < 6 : false;
                return (office || leftOn, office && random.Next(100) < 80);
            case "serve":
                return (true, hour is >= 6 and < 22);
            case "small-model":
                // Always on; requests keep the GPU at a few per cent, the re-index at 14:00-16:00 UTC works it.
                return (true, hour is >= 14 and < 16);
            default: // notebook: always on, busy a few afternoon hours
                return (true, weekday && hour is >= 13 and < 16);
        }
    }

    private static decimal RunningHours(Usage u, int day)
    {
        const int perDay = 24 * 60 / SampleMinutes;
        var n = 0;
        for (var s = day * perDay; s < (day + 1) * perDay; s++) if (u.Running[s]) n++;
        return n * SampleMinutes / 60m;
    }

    private static decimal SpentBy(Dictionary<string, Usage> usage, string team)
    {
        var total = 0m;
        foreach (var vm in Vms.Where(v => v.TagsJson.Contains($"\"{team}\"", StringComparison.Ordinal)))
            for (var d = 0; d < Days; d++) total += Math.Round(RunningHours(usage[vm.Name], d) * vm.Hourly, 2) + DiskPerDay;
        return total;
    }

    // Premium SSD P30 (1 TiB) per VM: $135.17 a month, billed daily as 1/30 of a month.
    private const decimal DiskMonthly = 135.17m;
    private static decimal DiskPerDay => Math.Round(DiskMonthly / 30m, 2);

    private static readonly string[] ExportColumns =
    [
        "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency", "BillingPeriodEnd",
        "BillingPeriodStart", "CapacityReservationId", "CapacityReservationStatus", "ChargeCategory", "ChargeClass", "ChargeDescription",
        "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
        "CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit", "ConsumedQuantity",
        "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceId", "InvoiceIssuerName", "ListCost", "ListUnitPrice",
        "PricingCategory", "PricingCurrency", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName",
        "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter",
        "SkuPriceDetails", "SkuPriceId", "SubAccountId", "SubAccountName", "SubAccountType", "Tags", "x_BillingProfileId",
        "x_BillingProfileName", "x_PricingSubcategory", "x_ResourceGroupName", "x_SkuDetails", "x_SkuMeterCategory", "x_SkuMeterSubcategory",
    ];

    private sealed record Row(DateTime Day, string? Zone, decimal Billed, decimal Effective, decimal List, decimal Contracted, string Category,
        string Description, string Frequency, string? CommitmentCategory, string? CommitmentId, string? CommitmentName, string? CommitmentStatus,
        string? CommitmentType, decimal? Quantity, string? Unit, decimal? UnitListPrice, decimal? UnitContracted, string PricingCategory,
        string PricingUnit, string Region, string RegionName, string? ResourceId, string? ResourceName, string? ResourceType,
        string ServiceCategory, string ServiceName, string Subcategory, string SkuId, string Meter, string? SkuDetails, string? Tags,
        string? PricingSubcategory, string? ResourceGroup, string MeterCategory, string MeterSubcategory);

    private static string Export(Dictionary<string, Usage> usage, Random random)
    {
        var rows = new List<Row> { ReservationPurchase() };
        for (var d = 0; d < Days; d++)
        {
            var day = Start.AddDays(d);
            foreach (var v in Vms) rows.AddRange(VmRows(v, usage[v.Name], d, day));
            rows.AddRange(StorageRows(d, day, random));
        }

        var sb = new StringBuilder();
        sb.Append(string.Join(',', ExportColumns)).Append('\n');
        foreach (var r in rows) sb.Append(ExportLine(r)).Append('\n');
        return sb.ToString();
    }

    private static string Sub => $"/subscriptions/{SubscriptionId}";
    private static string VmId(Vm v) => $"{Sub}/resourceGroups/{v.ResourceGroup}/providers/Microsoft.Compute/virtualMachines/{v.Name}";
    private static string DiskId(Vm v) => $"{Sub}/resourceGroups/{v.ResourceGroup}/providers/Microsoft.Compute/disks/{v.Name}_OsDisk_1";

    /// <summary>The reservation purchase: 1 year of one ND96isr H100 v5, paid monthly, billed on the 1st.</summary>
    private static Row ReservationPurchase()
    {
        var h100 = Vms[0];
        var monthlyPayment = Math.Round(h100.Hourly * 720m, 2);
        return new(Start, null, monthlyPayment, 0m, Math.Round(h100.ListHourly * 720m, 2), monthlyPayment, "Purchase",
            "Reservation-Base VM, Standard_ND96isr_H100_v5, 1 Year, Monthly", "Recurring", "Usage", ReservationId, "VM_RI_11-01-2026_08-12",
            null, "Reservation", 1m, "Units", null, null, "Standard", "Units", "eastus", "East US", ReservationId, "VM_RI_11-01-2026_08-12",
            "Reservation", "Compute", "Virtual Machines", "Virtual Machines", "DZH318Z0BQ3N", "ND96isr H100 v5",
            """{"ServiceType":"Standard_ND96isr_H100_v5"}""", null, null, null, "Virtual Machines", "NDisrH100v5 Series");
    }

    /// <summary>A VM's day: its compute hours (when it ran), and its disk, which bills every day, running or not.</summary>
    private static IEnumerable<Row> VmRows(Vm v, Usage usage, int d, DateTime day)
    {
        var hours = RunningHours(usage, d);
        var tags = v.TagsJson;
        if (hours > 0)
        {
            var list = Math.Round(hours * v.ListHourly, 10);
            var cost = Math.Round(hours * v.Hourly, 10);
            var reserved = v.Pricing == "Committed";
            var spot = v.Pricing == "Dynamic";
            var size = v.Size["Standard_".Length..].Replace('_', ' ');
            yield return new(day, null, reserved ? 0m : cost, cost, list, reserved ? cost : list, "Usage",
                $"{size}{(spot ? " Spot" : "")} - {v.RegionName}", "Usage-Based",
                reserved ? "Usage" : null, reserved ? ReservationId : null, reserved ? "VM_RI_11-01-2026_08-12" : null,
                reserved ? "Used" : null, reserved ? "Reservation" : null, hours, "Hours", v.ListHourly,
                reserved ? v.Hourly : v.ListHourly, v.Pricing, "1 Hour", v.Region, v.RegionName, VmId(v), v.Name,
                "Virtual machine", "Compute", "Virtual Machines", "Virtual Machines", "DZH318Z0" + Hash(v.Size), size + (spot ? " Spot" : ""),
                $$"""{"ServiceType":"{{v.Size}}","VCPUs":{{VCpus(v.Size)}},"UsageType":"ComputeHR"}""", tags,
                reserved ? "Committed Usage" : spot ? "Spot Usage" : "Standard", v.ResourceGroup, "Virtual Machines",
                SeriesOf(v.Size));
        }
        // OS + data disk (Premium SSD P30) bills every day, running or not. One disk lost its tags.
        var diskTags = v.Name == "dev-a100-02" ? null : tags;
        yield return new(day, "1", DiskPerDay, DiskPerDay, DiskPerDay, DiskPerDay, "Usage", "Premium SSD Managed Disks - P30 LRS - Disk", "Usage-Based",
            null, null, null, null, null, 0.0333333333m, "1/Month", DiskMonthly, DiskMonthly, "Standard", "1/Month", v.Region, v.RegionName,
            DiskId(v), $"{v.Name}_OsDisk_1", "Disk", "Storage", "Storage", "Managed Disks", "DZH318Z0BP04", "P30 LRS Disk", null, diskTags,
            "Standard", v.ResourceGroup, "Storage", "Premium SSD Managed Disks");
    }

    /// <summary>
    /// The data lake's day: datasets (fabrikammldata, a steady 120 TB) and checkpoints (fabrikamckpt, tagged
    /// purpose=checkpoints, growing 3.5 TB a day and never tiered down), both hot block blob; read operations; egress to
    /// the labelling vendor.
    /// </summary>
    private static IEnumerable<Row> StorageRows(int d, DateTime day, Random random)
    {
        var sub = Sub;
        var storageId = $"{sub}/resourceGroups/ml-data/providers/Microsoft.Storage/storageAccounts/fabrikammldata";
        foreach (var (account, gb, tags) in new[]
        {
            // The data lake is shared; someone spelled the value with a capital.
            ("fabrikammldata", 120_000m, """{"team": "Platform", "env": "prod"}"""),
            ("fabrikamckpt", 60_000m + d * 3_500m, """{"team": "Platform", "env": "prod", "purpose": "checkpoints"}"""),
        })
        {
            var storage = Math.Round(gb * 0.0184m / 30m, 10);
            yield return new(day, null, storage, storage, storage, storage, "Usage", "Hot LRS Data Stored - US East", "Usage-Based", null, null, null, null,
                null, Math.Round(gb / 30m, 10), "1 GB/Month", 0.0184m, 0.0184m, "Standard", "1 GB/Month", "eastus", "East US",
                $"{sub}/resourceGroups/ml-data/providers/Microsoft.Storage/storageAccounts/{account}",
                account, "Storage account", "Storage", "Storage", "Storage", "DZH318Z0BNVX", "Hot LRS Data Stored", null,
                tags, "Standard", "ml-data", "Storage", "Blob Storage");
        }
        var reads = 800m + random.Next(400);
        var readCost = Math.Round(reads * 0.0044m, 10);
        yield return new(day, null, readCost, readCost, readCost, readCost, "Usage", "Hot Read Operations - US East", "Usage-Based", null, null, null,
            null, null, reads, "10K", 0.0044m, 0.0044m, "Standard", "10K", "eastus", "East US", storageId, "fabrikammldata", "Storage account",
            "Storage", "Storage", "Storage", "DZH318Z0BNVX", "Hot Read Operations", null, """{"team": "Platform", "env": "prod"}""", "Standard",
            "ml-data", "Storage", "Blob Storage");
        var egress = 250m + random.Next(150);
        var egressCost = Math.Round(egress * 0.087m, 10);
        yield return new(day, null, egressCost, egressCost, egressCost, egressCost, "Usage", "Standard Data Transfer Out - Zone 1", "Usage-Based", null,
            null, null, null, null, egress, "1 GB", 0.087m, 0.087m, "Standard", "1 GB", "eastus", "East US", storageId, "fabrikammldata",
            "Storage account", "Networking", "Bandwidth", "Bandwidth", "DZH318Z0BP1Q", "Standard Data Transfer Out", null,
            """{"team": "platform", "env": "prod"}""", "Standard", "ml-data", "Bandwidth", "Rtn Preference: MGN");
    }

    /// <summary>One export line: every column of <see cref="ExportColumns"/> in order, empty where the row has no value.</summary>
    private static string ExportLine(Row r)
    {
        var values = new Dictionary<string, string>();
        foreach (var columns in new[] { AccountColumns(), ChargeColumns(r), CommitmentColumns(r), CostColumns(r), ResourceColumns(r), SkuColumns(r) })
            foreach (var (column, value) in columns) values.Add(column, value);
        return string.Join(',', ExportColumns.Select(c => values.TryGetValue(c, out var v) ? v : ""));
    }

    /// <summary>Who is billed and for which billing period: the same on every line of the month.</summary>
    private static (string Column, string Value)[] AccountColumns() =>
    [
        ("BillingAccountId", BillingAccountId),
        ("BillingAccountName", "Fabrikam ML"),
        ("BillingAccountType", "Billing Account"),
        ("BillingCurrency", "USD"),
        ("BillingPeriodEnd", Timestamp(Start.AddMonths(1))),
        ("BillingPeriodStart", Timestamp(Start)),
        ("InvoiceIssuerName", "Microsoft"),
        ("PricingCurrency", "USD"),
        ("ProviderName", "Microsoft"),
        ("PublisherName", "Microsoft"),
        ("SubAccountId", $"/subscriptions/{SubscriptionId}"),
        ("SubAccountName", SubscriptionName),
        ("SubAccountType", "Subscription"),
        ("x_BillingProfileId", BillingProfileId),
        ("x_BillingProfileName", "Fabrikam ML"),
    ];

    /// <summary>What the charge is and the day it covers (a purchase also names its invoice).</summary>
    private static (string Column, string Value)[] ChargeColumns(Row r) =>
    [
        ("ChargeCategory", r.Category),
        ("ChargeDescription", CsvField(r.Description)),
        ("ChargeFrequency", r.Frequency),
        ("ChargePeriodEnd", Timestamp(r.Day.AddDays(1))),
        ("ChargePeriodStart", Timestamp(r.Day)),
        ("InvoiceId", r.Category == "Purchase" ? "G071234567" : ""),
    ];

    /// <summary>The reservation a row bought or used, empty for pay-as-you-go rows.</summary>
    private static (string Column, string Value)[] CommitmentColumns(Row r) =>
    [
        ("CommitmentDiscountCategory", r.CommitmentCategory ?? ""),
        ("CommitmentDiscountId", r.CommitmentId ?? ""),
        ("CommitmentDiscountName", r.CommitmentName ?? ""),
        ("CommitmentDiscountStatus", r.CommitmentStatus ?? ""),
        ("CommitmentDiscountType", r.CommitmentType ?? ""),
    ];

    /// <summary>The four costs, the quantity and the unit prices.</summary>
    private static (string Column, string Value)[] CostColumns(Row r) =>
    [
        ("BilledCost", Amount(r.Billed)),
        ("ConsumedQuantity", OptionalAmount(r.Quantity)),
        ("ConsumedUnit", r.Unit ?? ""),
        ("ContractedCost", Amount(r.Contracted)),
        ("ContractedUnitPrice", OptionalAmount(r.UnitContracted)),
        ("EffectiveCost", Amount(r.Effective)),
        ("ListCost", Amount(r.List)),
        ("ListUnitPrice", OptionalAmount(r.UnitListPrice)),
        ("PricingCategory", r.PricingCategory),
        ("PricingQuantity", OptionalAmount(r.Quantity)),
        ("PricingUnit", r.PricingUnit),
    ];

    /// <summary>Where the cost was incurred: the resource, its region and zone, group and tags.</summary>
    private static (string Column, string Value)[] ResourceColumns(Row r) =>
    [
        ("AvailabilityZone", r.Zone ?? ""),
        ("RegionId", r.Region),
        ("RegionName", r.RegionName),
        ("ResourceId", r.ResourceId ?? ""),
        ("ResourceName", r.ResourceName ?? ""),
        ("ResourceType", r.ResourceType ?? ""),
        ("Tags", CsvField(r.Tags ?? "{}")),
        ("x_ResourceGroupName", r.ResourceGroup ?? ""),
    ];

    /// <summary>The service and the SKU meter that priced the row.</summary>
    private static (string Column, string Value)[] SkuColumns(Row r) =>
    [
        ("ServiceCategory", r.ServiceCategory),
        ("ServiceName", r.ServiceName),
        ("ServiceSubcategory", r.Subcategory),
        ("SkuId", r.SkuId),
        ("SkuMeter", CsvField(r.Meter)),
        ("SkuPriceDetails", CsvField(r.SkuDetails)),
        ("SkuPriceId", r.SkuId + "/0001"),
        ("x_PricingSubcategory", r.PricingSubcategory ?? ""),
        ("x_SkuDetails", CsvField(r.SkuDetails)),
        ("x_SkuMeterCategory", r.MeterCategory),
        ("x_SkuMeterSubcategory", CsvField(r.MeterSubcategory)),
    ];

    private static string Timestamp(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Amount(decimal v) => v.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string OptionalAmount(decimal? v) => v is null ? "" : Amount(v.Value);

    /// <summary>A CSV field: quoted (with doubled quotes) when it holds a comma or a quote; null is empty.</summary>
    private static string CsvField(string? s) => s is null ? "" : s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static string Hash(string s)
    {
        var h = 17;
        foreach (var c in s) h = unchecked(h * 31 + c);
        return (Math.Abs(h) % 10000).ToString("0000", CultureInfo.InvariantCulture);
    }

    private static int VCpus(string size) => size switch
    {
        "Standard_ND96isr_H100_v5" => 96,
        "Standard_NC24ads_A100_v4" => 24,
        _ => 4,
    };

    private static string SeriesOf(string size) => size switch
    {
        "Standard_ND96isr_H100_v5" => "NDisrH100v5 Series",
        "Standard_NC24ads_A100_v4" => "NCadsA100v4 Series",
        _ => "NCasT4 v3 Series",
    };

    private static string Telemetry(Vm vm, Usage u, Random random)
    {
        var sb = new StringBuilder();
        // `nvidia-smi --query-gpu=timestamp,name,index,utilization.gpu,memory.used,memory.total,power.draw --format=csv -l 1800`
        sb.Append("timestamp, name, index, utilization.gpu [%], memory.used [MiB], memory.total [MiB], power.draw [W]\n");
        var idleWatts = vm.Gpus == 8 ? 71.5m : vm.GpuModel.Contains("T4", StringComparison.Ordinal) ? 9.8m : 43.2m;
        var busyWatts = vm.Gpus == 8 ? 612m : vm.GpuModel.Contains("T4", StringComparison.Ordinal) ? 62m : 255m;
        for (var s = 0; s < u.Running.Length; s++)
        {
            if (!u.Running[s]) continue;
            var t = Start.AddMinutes(s * SampleMinutes).AddMilliseconds(7 + s % 50);
            for (var g = 0; g < vm.Gpus; g++)
            {
                var (util, mem, watts) = vm.Pattern == "small-model"
                    ? SmallModelReading(u.Busy[s], random)
                    : Reading(vm, u.Busy[s], idleWatts, busyWatts, random);
                sb.Append(t.ToString("yyyy/MM/dd HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(", ").Append(vm.GpuModel).Append(", ")
                  .Append(g.ToString(CultureInfo.InvariantCulture)).Append(", ").Append(util.ToString(CultureInfo.InvariantCulture)).Append(" %, ")
                  .Append(mem.ToString(CultureInfo.InvariantCulture)).Append(" MiB, ").Append(vm.GpuMemoryMiB.ToString(CultureInfo.InvariantCulture))
                  .Append(" MiB, ").Append(watts.ToString("0.00", CultureInfo.InvariantCulture)).Append(" W\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>A training or dev GPU: near-full work and 70-95 % of the memory while busy, nothing loaded otherwise.</summary>
    private static (int Util, int MemMiB, decimal Watts) Reading(Vm vm, bool busy, decimal idleWatts, decimal busyWatts, Random random)
    {
        var util = busy ? 88 + random.Next(12) : 0;
        var mem = busy ? vm.GpuMemoryMiB * (70 + random.Next(25)) / 100 : 4;
        var watts = busy ? busyWatts - random.Next(40) : idleWatts + random.Next(3);
        return (util, mem, watts);
    }

    /// <summary>The small model on an A100: always loaded (8.7-9.5 GiB), 1-3 % work from requests, 20-35 % in the re-index.</summary>
    private static (int Util, int MemMiB, decimal Watts) SmallModelReading(bool busy, Random random)
    {
        var util = busy ? 20 + random.Next(16) : 1 + random.Next(3);
        var mem = (busy ? 9_200 : 8_900) + random.Next(500);
        var watts = busy ? 118m + random.Next(25) : 56m + random.Next(6);
        return (util, mem, watts);
    }

    private static string Inventory(Dictionary<string, Usage> usage)
    {
        var sb = new StringBuilder();
        sb.Append("# Generated by Guardrails.Cli.Samples.SampleMonth (do not edit; see samples/month/README.md).\n");
        sb.Append("# What ARM says about Fabrikam ML's GPU VMs on 2026-11-16 (priority Spot → spot: true), the reservation that covers\n");
        sb.Append("# a VM's hours (from the reservation's utilization; ARM does not say), and hourlyCost, the effective hourly rate billed.\n");
        sb.Append("machines:\n");
        foreach (var v in Vms)
        {
            sb.Append($"  - resourceId: /subscriptions/{SubscriptionId}/resourceGroups/{v.ResourceGroup}/providers/Microsoft.Compute/virtualMachines/{v.Name}\n");
            sb.Append($"    vmSize: {v.Size}\n");
            sb.Append($"    location: {v.Region}\n");
            // Running when the export's last half-hour saw it running (the dev boxes are off on a Sunday night).
            sb.Append(usage[v.Name].Running[^1] ? "    powerState: running\n" : "    powerState: deallocated\n");
            sb.Append($"    hourlyCost: {v.Hourly.ToString(CultureInfo.InvariantCulture)}\n");
            if (v.Pricing == "Dynamic") sb.Append("    spot: true\n");
            if (v.Pricing == "Committed") sb.Append($"    reservation: {ReservationId}\n");
            sb.Append($"    tags: {v.InventoryTags}\n");
        }
        return sb.ToString();
    }

    /// <summary>guardrails.yaml of the story, one section after the other (LF line endings whatever the checkout's).</summary>
    private static string Config(decimal speechSpent) =>
        (string.Join("\n\n", AllocationSection(), BudgetsSection(speechSpent), ChannelsSection(), IdlePoliciesSection(), RightSizingSection(),
            PullRequestGateSection()) + "\n").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The allocation keys (team, project, env) and the shared data lake split by direct spend.</summary>
    private static string AllocationSection() => """
            # Generated by Guardrails.Cli.Samples.SampleMonth (do not edit; see samples/month/README.md).
            # The configuration of the demo's story: Fabrikam ML, 2026-11-01 to 2026-11-15. Used only with --config.
            allocation:
              keys:
                - name: team
                  aliases: [team]
                  defaults:
                    resourceGroups:
                      ml-dev: speech
                - name: project
                  aliases: [project]
                - name: env
                  aliases: [env]
              shared:
                - name: data-lake
                  # The shared datasets and checkpoints: split by each team's direct spend that day.
                  scope: { resourceGroup: ml-data }
                  key: team
                  method: proportional
            """;

    /// <summary>The three team budgets; speech's amount is sized from its spend so that it heads for a breach mid-month.</summary>
    private static string BudgetsSection(decimal speechSpent)
    {
        // Speech has spent ~88 % of its direct budget by the 15th: heading for a breach mid-month.
        var speechBudget = Math.Ceiling(speechSpent / 0.88m / 100m) * 100m;
        var inv = CultureInfo.InvariantCulture;
        return $$"""
            budgets:
              - name: vision-gpus
                scope: { team: vision }
                amount: 150000
                currency: USD
                thresholds: [50, 80, 100]
                forecastThresholds: [100]
                owners: [vision-leads@fabrikam.example]
                channels: [oncall-teams]
                severity: warning

              - name: speech-gpus
                # Sized so speech is heading for a breach in mid-November.
                scope: { team: speech }
                amount: {{speechBudget.ToString("0", inv)}}
                currency: USD
                thresholds: [50, 80, 100]
                forecastThresholds: [100]
                owners: [li@fabrikam.example]
                channels: [oncall-teams, finops-slack]
                severity: critical
                onBreach:
                  action: deallocate
                  scope: { env: dev }
                  threshold: 100
                  dryRun: true

              - name: research
                scope: { team: research }
                amount: 1000
                currency: USD
                thresholds: [80, 100]
                forecastThresholds: [100]
                owners: [sam@fabrikam.example]
                channels: [finops-slack]
                severity: info
            """;
    }

    /// <summary>The Teams and Slack channels the budget alerts go to.</summary>
    private static string ChannelsSection() => """
            channels:
              oncall-teams:
                kind: teams
                webhookUrlSetting: TEAMS_ONCALL_WEBHOOK_URL
              finops-slack:
                kind: slack
                webhookUrlSetting: SLACK_FINOPS_WEBHOOK_URL
            """;

    /// <summary>The idle policies: deallocate training VMs, mark dev VMs, only tell research.</summary>
    private static string IdlePoliciesSection() => """
            policies:
              - name: idle-training-gpus
                description: Deallocate training VMs whose GPUs have all been idle for two hours.
                scope:
                  resourceGroups: [ml-train]
                condition:
                  window: 120m
                  gpuWorkBelowPercent: 5
                  gpuMemoryBelowPercent: 10
                  minCoveragePercent: 90
                  sampleInterval: 30m
                  maxStaleness: 60m
                action: deallocate
                maxActionsPerRun: 5
                dryRun: true

              - name: idle-dev-gpus
                description: Mark idle dev VMs, tell the owner, deallocate 4 hours later if still idle.
                scope:
                  resourceGroups: [ml-dev, ml-serve]
                condition:
                  window: 120m
                  sampleInterval: 30m
                  maxStaleness: 60m
                action: mark-for-op
                grace: 4h
                dryRun: true

              - name: idle-research-notebooks
                description: Only tell the owner.
                scope:
                  resourceGroups: [research]
                condition:
                  window: 120m
                  sampleInterval: 30m
                  maxStaleness: 60m
                action: notify
            """;

    /// <summary>Right-sizing over the telemetry's own 30-minute interval.</summary>
    private static string RightSizingSection() => """
            # Right-sizing from the same telemetry (recorded every 30 minutes, as the idle policies say); docs/rightsizing.md.
            rightsizing:
              window: 14d
              sampleInterval: 30m
            """;

    /// <summary>The PR check: default region, quiet threshold, gate and tag/region policies.</summary>
    private static string PullRequestGateSection() => """
            pullRequests:
              defaultRegion: eastus
              hoursPerMonth: 730
              defaultTeam: speech
              quiet:
                belowAmount: 50
                belowPercent: 1
              gate:
                maxIncreaseAmount: 10000
                maxIncreasePercent: 25
                approvalLabel: cost-approved
              policies:
                requiredTags: [team, project]
                allowedRegions: [eastus, westeurope]
            """;

    private static IEnumerable<SampleFile> Pr()
    {
        const string header = "// Generated by Guardrails.Cli.Samples.SampleMonth: the PR that adds GPUs for team speech.\n";
        string Cluster(int maxNodes) => header + $$"""
            param location string = 'eastus'

            @description('GPU size of speech training cluster')
            param clusterVmSize string = 'Standard_NC24ads_A100_v4'

            resource speechCluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-04-01' = {
              name: 'mlw-speech/a100-cluster'
              location: location
              tags: {
                team: 'speech'
                project: 'asr'
              }
              properties: {
                computeType: 'AmlCompute'
                properties: {
                  vmSize: clusterVmSize
                  vmPriority: 'Dedicated'
                  scaleSettings: {
                    minNodeCount: {{maxNodes}}
                    maxNodeCount: {{maxNodes}}
                  }
                }
              }
            }

            """;
        yield return new("pr/base/speech-cluster.bicep", Cluster(1));
        yield return new("pr/head/speech-cluster.bicep", Cluster(4));
    }
}
