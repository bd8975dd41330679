using System.Globalization;
using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

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
        public Dictionary<string, string> Tags { get; set; } = [];
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

    public static InventoryFile Parse(string yaml, string fileName)
    {
        Doc doc;
        try
        {
            doc = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<Doc?>(yaml) ?? new Doc();
        }
        catch (YamlException e)
        {
            throw new ConfigException([new ConfigError(fileName, (int)e.Start.Line, "machines", e.InnerException?.Message ?? e.Message)]);
        }
        var lines = IdlePolicyFile.LineMap(yaml);
        var errors = new List<ConfigError>();
        var machines = new List<ComputeMachine>();
        var byId = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < doc.Machines.Count; i++)
        {
            var e = doc.Machines[i];
            var field = $"machines[{i}]";
            int? Line(string f) => lines.TryGetValue(f, out var l) ? l : lines.GetValueOrDefault(field);
            var id = ArmResourceId.TryParse(e.ResourceId);
            if (id is null) { errors.Add(new(fileName, Line($"{field}.resourceId"), $"{field}.resourceId", $"'{e.ResourceId}' is not a VM or scale-set VM resource id.")); continue; }
            if (string.IsNullOrWhiteSpace(e.VmSize)) errors.Add(new(fileName, Line(field), $"{field}.vmSize", "is required (e.g. Standard_ND96isr_H100_v5)."));
            if (!Enum.TryParse<MachinePowerState>(e.PowerState, ignoreCase: true, out var power))
                errors.Add(new(fileName, Line($"{field}.powerState"), $"{field}.powerState", $"'{e.PowerState}' is not one of {string.Join(", ", Enum.GetNames<MachinePowerState>()).ToLowerInvariant()}."));
            var tags = new Dictionary<string, string>(e.Tags, StringComparer.OrdinalIgnoreCase);
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
            });
            byId[e.ResourceId] = e;
        }
        if (errors.Count > 0) throw new ConfigException(errors);
        return new InventoryFile(machines, byId);
    }

    public Task<PriceQuote?> GetObservedHourlyRateAsync(ComputeMachine machine, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byId.TryGetValue(machine.ResourceId, out var e) && e.HourlyCost is { } cost
            ? new PriceQuote(machine.VmSize, machine.Location, VmOs.Linux, PriceOption.OnDemand, cost, e.Currency,
                DateOnly.MinValue, "effective rate seen in billing (inventory)")
            : null);
}
