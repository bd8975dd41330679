namespace Guardrails.Core.Alerts;

/// <summary>A resource that drove a cost (or an anomaly): its cost in the period and the change against its baseline.</summary>
public sealed record CostDriver(string ResourceId, string? ResourceName, string? SkuName, decimal Cost, decimal Change);
