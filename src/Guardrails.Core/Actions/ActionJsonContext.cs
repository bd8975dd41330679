using System.Text.Json.Serialization;

namespace Guardrails.Core.Actions;

/// <summary>Source-generated metadata of the action documents: the <c>actions</c> queue message and the audit entry (JSON Lines log).</summary>
[JsonSerializable(typeof(GuardrailActionRequest))]
[JsonSerializable(typeof(ActionAuditEntry))]
public sealed partial class ActionJsonContext : JsonSerializerContext;
