using System.Text.Json;
using System.Text.Json.Serialization;

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
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: true) },
    };

    public static string Serialize(GuardrailActionRequest request) => JsonSerializer.Serialize(request, s_json);

    /// <summary>The request in a message; a message that is not one is a <see cref="FormatException"/> naming the field.</summary>
    public static GuardrailActionRequest Parse(string message)
    {
        try
        {
            return JsonSerializer.Deserialize<GuardrailActionRequest>(message, s_json) ?? throw new FormatException("action message: empty (null)");
        }
        catch (JsonException e)
        {
            throw new FormatException($"action message: {(e.Path is { Length: > 0 } p ? p + ": " : "")}{e.Message}", e);
        }
    }
}
