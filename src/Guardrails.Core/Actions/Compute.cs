using System.Globalization;
using Guardrails.Core.Idle;
namespace Guardrails.Core.Actions;

/// <summary>ARM power states (from the InstanceView status code "PowerState/xxx").</summary>
public enum MachinePowerState { Unknown, Starting, Running, Stopping, Stopped, Deallocating, Deallocated }

/// <summary>
/// A GPU machine: a VM or one instance of a scale set. Tags of a scale-set instance are the scale set's tags.
/// </summary>
public sealed record ComputeMachine
{
    public required string ResourceId { get; init; }
    public required string Name { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ResourceGroup { get; init; }
    public string Location { get; init; } = "";
    public required string VmSize { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public MachinePowerState PowerState { get; init; } = MachinePowerState.Unknown;
    /// <summary>osProfile.computerName: usually the hostname the exporters report.</summary>
    public string? ComputerName { get; init; }
    /// <summary>Set for scale-set instances: the scale set's resource id and the instance id.</summary>
    public string? ScaleSetId { get; init; }
    public string? InstanceId { get; init; }
    /// <summary>True for Spot priority (priced as Spot).</summary>
    public bool Spot { get; init; }
    public bool Windows { get; init; }
    /// <summary>
    /// The reservation or savings plan that covers this machine's hours, when known (ARM does not say; an inventory
    /// file can): its hours are billed at the commitment's effective rate, not on demand. Null = on demand (or Spot).
    /// </summary>
    public CommitmentDiscount? Commitment { get; init; }

    /// <summary>How the machine's hours are billed: "spot", "reservation", "savings plan" or "on demand".</summary>
    public string PricingModel => Spot ? "spot" : Commitment?.Type switch
    {
        CommitmentDiscountType.Reservation => "reservation",
        CommitmentDiscountType.SavingsPlan => "savings plan",
        _ => "on demand",
    };

    public bool IsScaleSetInstance => ScaleSetId is not null;

    /// <summary>The resource whose tags describe this machine (the scale set for an instance).</summary>
    public string TagResourceId => ScaleSetId ?? ResourceId;

    /// <summary>Tag key for per-machine marks: instances of one scale set share tags, so theirs carry the instance id.</summary>
    public string MarkTagKey => InstanceId is null ? GuardrailTags.DeallocateAt : $"{GuardrailTags.DeallocateAt}:{InstanceId}";

    public string? Tag(string key)
    {
        foreach (var (k, v) in Tags)
            if (string.Equals(k.Trim(), key, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }
}

/// <summary>FOCUS CommitmentDiscountType.</summary>
public enum CommitmentDiscountType { Reservation, SavingsPlan }

/// <summary>A reservation or savings plan (FOCUS CommitmentDiscountId) of a term in years (1 or 3).</summary>
public sealed record CommitmentDiscount(CommitmentDiscountType Type, string Id, int TermYears = 1)
{
    /// <summary>The catalog's price option for this commitment and term.</summary>
    public Pricing.PriceOption PriceOption => (Type, TermYears) switch
    {
        (CommitmentDiscountType.Reservation, 3) => Pricing.PriceOption.Reserved3Year,
        (CommitmentDiscountType.Reservation, _) => Pricing.PriceOption.Reserved1Year,
        (_, 3) => Pricing.PriceOption.SavingsPlan3Year,
        _ => Pricing.PriceOption.SavingsPlan1Year,
    };
}

/// <summary>Tags Guardrails reads and writes on resources.</summary>
public static class GuardrailTags
{
    public const string Exempt = "guardrails:exempt";
    public const string SnoozeUntil = "guardrails:snooze-until";
    public const string DeallocateAt = "guardrails:deallocate-at";
    /// <summary>Optional: the hostname telemetry reports for this machine, when it is not the computer name.</summary>
    public const string Hostname = "guardrails:hostname";
    public const string Owner = "owner";

    /// <summary>The values of <see cref="Exempt"/> that say "not exempt"; any other value (yes, 1, empty, a typo) exempts.</summary>
    private static readonly string[] s_notExempt = ["false", "no", "0", "off"];

    /// <summary>
    /// Why the machine must not be acted on (exempt, snoozed), or null. Whoever tagged a machine exempt meant to protect it:
    /// any value but an explicit no (false, no, 0, off) exempts, and an unreadable snooze counts as snoozed.
    /// </summary>
    public static string? Exemption(ComputeMachine machine, DateTimeOffset now)
    {
        if (machine.Tag(Exempt)?.Trim() is { } exempt && !s_notExempt.Contains(exempt, StringComparer.OrdinalIgnoreCase))
            return string.Equals(exempt, "true", StringComparison.OrdinalIgnoreCase)
                ? $"exempt: tag {Exempt}=true"
                : $"exempt: tag {Exempt}='{exempt}' (any value but false, no, 0 or off exempts)";
        if (machine.Tag(SnoozeUntil) is { } snooze)
        {
            if (!DateTimeOffset.TryParse(snooze, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var until))
                return $"snoozed: tag {SnoozeUntil}='{snooze}' is not an ISO time, treated as snoozed (fix or remove the tag)";
            if (until > now) return $"snoozed until {until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (tag {SnoozeUntil})";
        }
        return null;
    }

    /// <summary>The mark deadline, if the machine carries one.</summary>
    public static DateTimeOffset? MarkDeadline(ComputeMachine machine) =>
        machine.Tag(machine.MarkTagKey) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
}

/// <summary>Seam over Azure Resource Manager: GPU machines in scope, and one machine's current state.</summary>
public interface IComputeInventory
{
    /// <summary>VMs and scale-set instances with GPUs in the given scopes ("/subscriptions/{id}" or ".../resourceGroups/{rg}").</summary>
    Task<IReadOnlyList<ComputeMachine>> ListGpuMachinesAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken = default);

    /// <summary>The machine as it is now (tags, power state), or null when it no longer exists.</summary>
    Task<ComputeMachine?> GetMachineAsync(string resourceId, CancellationToken cancellationToken = default);
}

public enum ComputeActionStatus { Accepted, AlreadyDone, RetryLater, NotFound, Failed }

/// <summary>What ARM said. RetryLater covers 409 Conflict (another operation in progress) and 429 throttling.</summary>
public sealed record ComputeActionResult(ComputeActionStatus Status, string? Detail = null, TimeSpan? RetryAfter = null);

/// <summary>Seam over Azure Resource Manager: the only things Guardrails does to machines.</summary>
public interface IComputeActions
{
    /// <summary>Deallocates (stops billing for compute). Never power-off: a stopped VM keeps billing.</summary>
    Task<ComputeActionResult> DeallocateAsync(ComputeMachine machine, CancellationToken cancellationToken = default);
    Task<ComputeActionResult> SetTagAsync(string resourceId, string key, string value, CancellationToken cancellationToken = default);
    Task<ComputeActionResult> RemoveTagAsync(string resourceId, string key, CancellationToken cancellationToken = default);
}

/// <summary>The parts of a VM or scale-set VM resource id.</summary>
public sealed record ArmResourceId(string SubscriptionId, string ResourceGroup, string Name, string? ScaleSetId, string? InstanceId)
{
    public static ArmResourceId? TryParse(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        var p = id.Trim('/').Split('/');
        if (p.Length < 8 || !p[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ||
            !p[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) ||
            !p[4].Equals("providers", StringComparison.OrdinalIgnoreCase) || !p[5].Equals("Microsoft.Compute", StringComparison.OrdinalIgnoreCase))
            return null;
        if (p.Length == 8 && p[6].Equals("virtualMachines", StringComparison.OrdinalIgnoreCase))
            return new(p[1], p[3], p[7], null, null);
        if (p.Length == 10 && p[6].Equals("virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase) &&
            p[8].Equals("virtualMachines", StringComparison.OrdinalIgnoreCase))
            return new(p[1], p[3], string.Create(CultureInfo.InvariantCulture, $"{p[7]}_{p[9]}"), "/" + string.Join('/', p[..8]), p[9]);
        return null;
    }
}
