using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Common;

namespace Guardrails.Core.Actions;

/// <summary>
/// The one wire format of a <see cref="GuardrailActionRequest"/> on the <c>actions</c> queue, used by every producer
/// (idle evaluation, budgets' spending limits, re-enqueued retries) and by the consumer (ExecuteAction): camelCase
/// JSON with enums as their names (numbers are read too, for messages written before the names).
/// </summary>
public static class ActionRequestMessage
{
    public const string QueueName = "actions";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new JsonStringEnumConverter<GuardrailActionKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: true),
            new JsonStringEnumConverter<ActionOrigin>(JsonNamingPolicy.CamelCase, allowIntegerValues: true),
        },
        TypeInfoResolver = ActionJsonContext.Default,
    };

    public static string Serialize(GuardrailActionRequest request) => JsonSerializer.Serialize(request, s_json.Of<GuardrailActionRequest>());

    /// <summary>The request in a message; a message that is not one is a <see cref="FormatException"/> naming the field.</summary>
    public static GuardrailActionRequest Parse(string message)
    {
        try
        {
            return JsonSerializer.Deserialize(message, s_json.Of<GuardrailActionRequest>()) ?? throw new FormatException("action message: empty (null)");
        }
        catch (JsonException e)
        {
            throw new FormatException($"action message: {(e.Path is { Length: > 0 } p ? p + ": " : "")}{e.Message}", e);
        }
    }
}
