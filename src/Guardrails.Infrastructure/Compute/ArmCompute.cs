using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Azure.ResourceManager.Resources.Models;
using Guardrails.Core.Actions;
using Guardrails.Core.Pricing;

namespace Guardrails.Infrastructure.Compute;

/// <summary>
/// <see cref="IComputeInventory"/> and <see cref="IComputeActions"/> over Azure.ResourceManager.Compute 1.2.0
/// (which has no Mockable* classes, hence the seam). Power state comes from the instance view; GPU machines are those
/// whose size the SKU catalog knows to have GPUs. Deallocation uses DeallocateAsync(WaitUntil.Started) — never
/// power-off, which keeps billing. 409 (another operation in progress) and 429 (throttled) become RetryLater.
/// </summary>
public sealed class ArmCompute(ArmClient arm, VmSkuCatalog skus) : IComputeInventory, IComputeActions
{
    public async Task<IReadOnlyList<ComputeMachine>> ListGpuMachinesAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken = default)
    {
        var machines = new List<ComputeMachine>();
        foreach (var scope in scopes)
        {
            try
            {
                await ListScopeAsync(scope, machines, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e)
            {
                // Name the scope that failed (401/403: the identity lacks Reader on it; 404: no such subscription/group).
                throw new RequestFailedException(e.Status,
                    $"ARM: listing GPU machines in scope '{scope}' failed: {e.Status} {e.ErrorCode}: {e.Message.Split('\n')[0].Trim()}", e.ErrorCode, e);
            }
        }
        return machines;
    }

    /// <summary>"/subscriptions/{guid}" or "/subscriptions/{guid}/resourceGroups/{name}".</summary>
    public static bool IsScope(string? scope)
    {
        var parts = scope?.Trim().Trim('/').Split('/') ?? [];
        return parts.Length is 2 or 4 && string.Equals(parts[0], "subscriptions", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(parts[1], out _)
            && (parts.Length == 2 || (string.Equals(parts[2], "resourceGroups", StringComparison.OrdinalIgnoreCase) && parts[3].Length > 0));
    }

    private async Task ListScopeAsync(string scope, List<ComputeMachine> machines, CancellationToken cancellationToken)
    {
        if (!IsScope(scope))
            throw new ArgumentException($"'{scope}' is not an ARM scope: expected /subscriptions/{{id}} or /subscriptions/{{id}}/resourceGroups/{{name}}.", nameof(scope));
        var id = new ResourceIdentifier(scope.Trim().TrimEnd('/'));
        var subscription = arm.GetSubscriptionResource(new ResourceIdentifier($"/subscriptions/{id.SubscriptionId}"));
        // A resource-group scope is listed through the group itself (no read of the group, no subscription-wide list):
        // the app's role may be assigned on that group only.
        var group = id.ResourceType == ResourceGroupResource.ResourceType ? arm.GetResourceGroupResource(id) : null;
        IAsyncEnumerable<VirtualMachineResource> vms = group is null
            ? subscription.GetVirtualMachinesAsync(statusOnly: "true", filter: null, expand: null, cancellationToken: cancellationToken)
            : group.GetVirtualMachines().GetAllAsync(filter: null, expand: GetVirtualMachineExpandType.InstanceView, cancellationToken: cancellationToken);
        await foreach (var vm in vms.ConfigureAwait(false))
        {
            var size = vm.Data.HardwareProfile?.VmSize?.ToString();
            if (skus.Find(size) is not { HasGpu: true }) continue;
            var data = vm.Data;
            if (data.InstanceView is null) data = (await vm.GetAsync(InstanceViewType.InstanceView, cancellationToken).ConfigureAwait(false)).Value.Data;
            machines.Add(FromVm(data));
        }
        var sets = group is null
            ? subscription.GetVirtualMachineScaleSetsAsync(cancellationToken)
            : group.GetVirtualMachineScaleSets().GetAllAsync(cancellationToken);
        await foreach (var set in sets.ConfigureAwait(false))
        {
            if (skus.Find(set.Data.Sku?.Name) is not { HasGpu: true }) continue;
            await foreach (var instance in set.GetVirtualMachineScaleSetVms().GetAllAsync(filter: null, select: null, expand: "instanceView", cancellationToken: cancellationToken).ConfigureAwait(false))
                machines.Add(FromScaleSetVm(instance.Data, set.Data));
        }
    }

    public async Task<ComputeMachine?> GetMachineAsync(string resourceId, CancellationToken cancellationToken = default)
    {
        try
        {
            var id = new ResourceIdentifier(resourceId);
            if (id.ResourceType == VirtualMachineResource.ResourceType)
            {
                var vm = await arm.GetVirtualMachineResource(id).GetAsync(InstanceViewType.InstanceView, cancellationToken).ConfigureAwait(false);
                return FromVm(vm.Value.Data);
            }
            if (id.ResourceType == VirtualMachineScaleSetVmResource.ResourceType)
            {
                var instance = await arm.GetVirtualMachineScaleSetVmResource(id).GetAsync(InstanceViewType.InstanceView, cancellationToken).ConfigureAwait(false);
                var set = await arm.GetVirtualMachineScaleSetResource(id.Parent!).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return FromScaleSetVm(instance.Value.Data, set.Value.Data);
            }
            throw new ArgumentException($"'{resourceId}' is not a VM or scale-set VM id.", nameof(resourceId));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<ComputeActionResult> DeallocateAsync(ComputeMachine machine, CancellationToken cancellationToken = default)
    {
        var id = new ResourceIdentifier(machine.ResourceId);
        return await Call(async () =>
        {
            if (id.ResourceType == VirtualMachineScaleSetVmResource.ResourceType)
                await arm.GetVirtualMachineScaleSetVmResource(id).DeallocateAsync(WaitUntil.Started, cancellationToken).ConfigureAwait(false);
            else
                await arm.GetVirtualMachineResource(id).DeallocateAsync(WaitUntil.Started, hibernate: null, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public Task<ComputeActionResult> SetTagAsync(string resourceId, string key, string value, CancellationToken cancellationToken = default) =>
        PatchTags(resourceId, TagPatchMode.Merge, key, value, cancellationToken);

    public Task<ComputeActionResult> RemoveTagAsync(string resourceId, string key, CancellationToken cancellationToken = default) =>
        PatchTags(resourceId, TagPatchMode.Delete, key, null, cancellationToken);

    private Task<ComputeActionResult> PatchTags(string resourceId, TagPatchMode mode, string key, string? value, CancellationToken ct) =>
        Call(async () =>
        {
            var patch = new TagResourcePatch { PatchMode = mode };
            // Delete mode removes a tag only when the value matches: read the current value first.
            if (mode == TagPatchMode.Delete)
            {
                var current = await arm.GetTagResource(TagResource.CreateResourceIdentifier(resourceId)).GetAsync(ct).ConfigureAwait(false);
                if (!current.Value.Data.TagValues.TryGetValue(key, out var existing)) return;
                value = existing;
            }
            patch.TagValues[key] = value!;
            await arm.GetTagResource(TagResource.CreateResourceIdentifier(resourceId)).UpdateAsync(WaitUntil.Completed, patch, ct).ConfigureAwait(false);
        });

    private static async Task<ComputeActionResult> Call(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return new ComputeActionResult(ComputeActionStatus.Accepted);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 429)
        {
            TimeSpan? retryAfter = e.GetRawResponse() is { } r && r.Headers.TryGetValue("Retry-After", out var ra) &&
                int.TryParse(ra, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
            return new ComputeActionResult(ComputeActionStatus.RetryLater, $"{e.Status} {e.ErrorCode}", retryAfter);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new ComputeActionResult(ComputeActionStatus.NotFound, $"{e.Status} {e.ErrorCode}");
        }
        catch (RequestFailedException e)
        {
            return new ComputeActionResult(ComputeActionStatus.Failed, $"{e.Status} {e.ErrorCode}: {e.Message.Split('\n')[0]}");
        }
    }

    internal static MachinePowerState PowerState(IEnumerable<InstanceViewStatus>? statuses)
    {
        var code = statuses?.Select(s => s.Code).FirstOrDefault(c => c?.StartsWith("PowerState/", StringComparison.OrdinalIgnoreCase) == true);
        return code?["PowerState/".Length..].ToLowerInvariant() switch
        {
            "running" => MachinePowerState.Running,
            "starting" => MachinePowerState.Starting,
            "stopping" => MachinePowerState.Stopping,
            "stopped" => MachinePowerState.Stopped,
            "deallocating" => MachinePowerState.Deallocating,
            "deallocated" => MachinePowerState.Deallocated,
            _ => MachinePowerState.Unknown,
        };
    }

    private static ComputeMachine FromVm(VirtualMachineData d) => new()
    {
        ResourceId = d.Id!.ToString(),
        Name = d.Name,
        SubscriptionId = d.Id.SubscriptionId!,
        ResourceGroup = d.Id.ResourceGroupName!,
        Location = d.Location.Name,
        VmSize = d.HardwareProfile?.VmSize?.ToString() ?? "",
        Tags = new Dictionary<string, string>(d.Tags, StringComparer.OrdinalIgnoreCase),
        PowerState = PowerState(d.InstanceView?.Statuses),
        ComputerName = d.OSProfile?.ComputerName ?? d.InstanceView?.ComputerName,
        Spot = d.Priority == VirtualMachinePriorityType.Spot,
        Windows = d.StorageProfile?.OSDisk?.OSType == SupportedOperatingSystemType.Windows,
    };

    private static ComputeMachine FromScaleSetVm(VirtualMachineScaleSetVmData d, VirtualMachineScaleSetData set) => new()
    {
        ResourceId = d.Id!.ToString(),
        Name = d.Name,
        SubscriptionId = d.Id.SubscriptionId!,
        ResourceGroup = d.Id.ResourceGroupName!,
        Location = d.Location.Name,
        VmSize = d.Sku?.Name ?? set.Sku?.Name ?? "",
        Tags = new Dictionary<string, string>(set.Tags, StringComparer.OrdinalIgnoreCase),
        PowerState = PowerState(d.InstanceView?.Statuses),
        ComputerName = d.OSProfile?.ComputerName ?? d.InstanceView?.ComputerName,
        ScaleSetId = set.Id!.ToString(),
        InstanceId = d.InstanceId,
        Spot = set.VirtualMachineProfile?.Priority == VirtualMachinePriorityType.Spot,
    };
}
