using System.Text.Json.Serialization;
using Guardrails.Core.Actions;

namespace Guardrails.Core.Alerts;

/// <summary>
/// Source-generated metadata of what <see cref="AlertNotification.JsonOptions"/> writes: alert messages, the local alert
/// state files, spending-limit requests (the CLI's action-requests folder) and audit entries published as events.
/// </summary>
[JsonSerializable(typeof(AlertNotification))]
[JsonSerializable(typeof(AlertRecord))]
[JsonSerializable(typeof(GuardrailActionRequest))]
[JsonSerializable(typeof(ActionAuditEntry))]
public sealed partial class AlertJsonContext : JsonSerializerContext;
