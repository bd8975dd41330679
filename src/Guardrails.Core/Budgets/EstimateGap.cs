using System.Globalization;
using Guardrails.Core.Common;

namespace Guardrails.Core.Budgets;

/// <summary>
/// Why a VM's estimate differs from its bill, told by the estimate's two factors: the hours (telemetry's running hours
/// against the bill's VM-hours) and the rate (the price the estimate used against billed cost ÷ billed hours). Each
/// factor that differs is named with its share of the error; when neither does, the text says so.
/// </summary>
public static class EstimateGap
{
    /// <summary>A rate within this fraction of the billed rate is the same rate (bills round to 1/100 cent per row).</summary>
    private const decimal RateTolerance = 0.001m;

    /// <summary>The explanation, or null when the estimate or the bill is unknown (the VM's Unknown says why).</summary>
    public static string? Explain(EstimateAccuracyVm vm)
    {
        if (vm.Estimated is null || vm.Billed is null) return null;
        if (vm.BilledHours is not { } billedHours)
            return "the bill has no VM-hours for this VM, so hours and rate cannot be told apart";
        var parts = new List<string>();
        if (vm.TelemetryHours != billedHours) parts.Add(Hours(vm.TelemetryHours, billedHours));
        if (vm.EstimatedRate is { } rate && vm.BilledRate is { } billedRate && billedRate != 0m && Math.Abs(rate - billedRate) > RateTolerance * billedRate)
            parts.Add(Rate(vm, rate, billedRate));
        return parts.Count > 0
            ? string.Join("; ", parts)
            : $"hours and rate match the bill ({Number(billedHours)} h at the {vm.PricingModel} rate, {vm.PriceSource})";
    }

    private static string Hours(decimal telemetry, decimal billed) => telemetry > billed
        ? $"hours {Share(telemetry, billed)}: telemetry counts {Number(telemetry)} h, the bill {Number(billed)} h — an hour with any GPU reading counts "
          + "whole, the bill only the minutes the VM ran (started, stopped or evicted within the hour)"
        : $"hours {Share(telemetry, billed)}: the bill counts {Number(billed)} h, telemetry {Number(telemetry)} h — hours without GPU readings "
          + "(exporter down, node not reporting) are not estimated";

    private static string Rate(EstimateAccuracyVm vm, decimal rate, decimal billed) =>
        $"rate {Share(rate, billed)}: priced at {Money.HourlyRate(rate, vm.Currency)} ({vm.PriceSource}), billed at {Money.HourlyRate(billed, vm.Currency)}"
        + (vm.PricingModel == "on demand" && rate > billed
            ? " — a discount the price list does not know: a negotiated price, or a reservation or savings plan the inventory does not name"
            : "");

    /// <summary>"+0.86 %": the factor's own error against the bill.</summary>
    private static string Share(decimal estimate, decimal billed) =>
        EstimateAccuracy.ErrorPercent(estimate, billed)!.Value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " %";

    private static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
