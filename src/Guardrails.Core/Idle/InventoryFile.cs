using System.Globalization;
using Guardrails.Core.Actions;
using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Idle;

/// <summary>
/// A small YAML inventory for recorded-telemetry runs: what ARM would say about each machine (size, power state,
/// tags, hostname) plus the hourly rate seen in billing. See samples/telemetry/demo/inventory.yaml.
/// </summary>
public sealed class InventoryFile : IObservedRateSource
{
    public sealed class Entry
    {
        public string ResourceId { get; set; } = "";
        public string VmSize { get; set; } = "";
        public string Location { get; set; } = "";
        public string PowerState { get; set; } = "running";
        public string? Hostname { get; set; }
        public decimal? HourlyCost { get; set; }
        public string Currency { get; set; } = "USD";
        public bool Spot { get; set; }
        /// <summary>The reservation (id or name) that covers the machine's hours: priced at the effective rate, not on demand.</summary>
        public string? Reservation { get; set; }
        /// <summary>The savings plan (id or name) that covers the machine's hours.</summary>
        public string? SavingsPlan { get; set; }
        /// <summary>The commitment's term in years (1 or 3; default 1): which catalog price stands in when no rate was billed.</summary>
        public int CommitmentTerm { get; set; } = 1;
        public Dictionary<string, string?> Tags { get; set; } = [];
    }

    private sealed class Doc
    {
        public List<Entry> Machines { get; set; } = [];
    }

    private readonly Dictionary<string, Entry> _byId;

    private InventoryFile(IReadOnlyList<ComputeMachine> machines, Dictionary<string, Entry> byId)
    {
        Machines = machines;
        _byId = byId;
    }

    public IReadOnlyList<ComputeMachine> Machines { get; }

    public static InventoryFile Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>
    /// The inventory a command judges recorded telemetry against: the <paramref name="given"/> file, else
    /// <c>inventory.yaml</c> in the telemetry folder (beside a telemetry file). Neither there is a config error that says
    /// both ways to give it, never a bare "file not found".
    /// </summary>
    public static InventoryFile LoadGivenOrBeside(string? given, string telemetryPath)
    {
        if (given is not null)
            return File.Exists(given) ? Load(given) : throw new ConfigException([new ConfigError(given, null, "--inventory", "no such inventory file")]);
        var folder = Directory.Exists(telemetryPath) ? telemetryPath : Path.GetDirectoryName(Path.GetFullPath(telemetryPath))!;
        var beside = Path.Combine(folder, "inventory.yaml");
        return File.Exists(beside) ? Load(beside) : throw new ConfigException([new ConfigError("", null, "",
            $"no inventory: give --inventory <file> (the GPU VMs: resourceId, vmSize, location, tags) or put inventory.yaml in {folder}")]);
    }

    public static InventoryFile Parse(string yaml, string fileName)
    {
        var (doc, positions) = YamlDocumentReader.Read<Doc>(yaml, fileName);
        var errors = new List<ConfigError>();
        var machines = new List<ComputeMachine>();
        var byId = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        var entries = doc.Machines;
        for (var i = 0; i < entries.Count; i++)
        {
            var field = $"machines[{i}]";
            int? Line(string f) => positions.LineOf(f);
            var e = entries[i];
            WithDefaults(e);
            var id = ArmResourceId.TryParse(e.ResourceId);
            if (id is null) { errors.Add(new(fileName, Line($"{field}.resourceId"), $"{field}.resourceId", $"'{e.ResourceId}' is not a VM or scale-set VM resource id.")); continue; }
            if (string.IsNullOrWhiteSpace(e.VmSize)) errors.Add(new(fileName, Line($"{field}.vmSize"), $"{field}.vmSize", "is required (e.g. Standard_ND96isr_H100_v5)."));
            if (!Enum.TryParse<MachinePowerState>(e.PowerState, ignoreCase: true, out var power))
                errors.Add(new(fileName, Line($"{field}.powerState"), $"{field}.powerState", $"'{e.PowerState}' is not one of {string.Join(", ", Enum.GetNames<MachinePowerState>()).ToLowerInvariant()}."));
            if (e.HourlyCost < 0)
                errors.Add(new(fileName, Line($"{field}.hourlyCost"), $"{field}.hourlyCost", $"'{e.HourlyCost}' is negative: the rate seen in billing for one hour of the VM."));
            if (!CurrencyCode.IsValid(e.Currency))
                errors.Add(new(fileName, Line($"{field}.currency"), $"{field}.currency", $"'{e.Currency}' is not a three-letter currency code (e.g. USD)."));
            var commitment = Commitment(e, field, Line, fileName, errors);
            var tags = new Dictionary<string, string>(e.Tags!, StringComparer.OrdinalIgnoreCase);
            machines.Add(new ComputeMachine
            {
                ResourceId = e.ResourceId,
                Name = id.Name,
                SubscriptionId = id.SubscriptionId,
                ResourceGroup = id.ResourceGroup,
                Location = e.Location,
                VmSize = e.VmSize,
                PowerState = power,
                Tags = tags,
                ComputerName = e.Hostname ?? id.Name,
                ScaleSetId = id.ScaleSetId,
                InstanceId = id.InstanceId,
                Spot = e.Spot,
                Commitment = commitment,
            });
            byId[e.ResourceId] = e;
        }
        if (errors.Count > 0) throw new ConfigException(errors);
        return new InventoryFile(machines, byId);
    }

    /// <summary>A key given as <c>null</c> (or left empty) means its default, as a key left out does.</summary>
    private static void WithDefaults(Entry e)
    {
        e.ResourceId ??= "";
        e.VmSize ??= "";
        e.Location ??= "";
        e.PowerState ??= "running";
        e.Currency ??= "USD";
        e.Tags = (e.Tags ?? []).ToDictionary(t => t.Key, string? (t) => t.Value ?? "");
    }

    /// <summary>reservation: / savingsPlan: → the machine's commitment; a Spot VM or two commitments is an error.</summary>
    private static CommitmentDiscount? Commitment(Entry e, string field, Func<string, int?> line, string fileName, List<ConfigError> errors)
    {
        var reservation = string.IsNullOrWhiteSpace(e.Reservation) ? null : e.Reservation.Trim();
        var plan = string.IsNullOrWhiteSpace(e.SavingsPlan) ? null : e.SavingsPlan.Trim();
        if (reservation is null && plan is null) return null;
        var at = reservation is null ? $"{field}.savingsPlan" : $"{field}.reservation";
        if (reservation is not null && plan is not null)
            errors.Add(new(fileName, line(at), at, "give one of reservation or savingsPlan: the one that covers the machine's hours."));
        else if (e.Spot)
            errors.Add(new(fileName, line(at), at, "a Spot VM is never covered by a reservation or savings plan (remove one of spot: true or the commitment)."));
        else if (e.CommitmentTerm is not (1 or 3))
            errors.Add(new(fileName, line($"{field}.commitmentTerm"), $"{field}.commitmentTerm", $"'{e.CommitmentTerm}' is not a term in years: 1 or 3."));
        return reservation is not null
            ? new CommitmentDiscount(CommitmentDiscountType.Reservation, reservation, e.CommitmentTerm)
            : new CommitmentDiscount(CommitmentDiscountType.SavingsPlan, plan!, e.CommitmentTerm);
    }

    public Task<PriceQuote?> GetObservedHourlyRateAsync(ComputeMachine machine, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byId.TryGetValue(machine.ResourceId, out var e) && e.HourlyCost is { } cost
            ? new PriceQuote(machine.VmSize, machine.Location, VmOs.Linux, PriceOption.OnDemand, cost, e.Currency,
                DateOnly.MinValue, "effective rate seen in billing (inventory)")
            : null);
}
