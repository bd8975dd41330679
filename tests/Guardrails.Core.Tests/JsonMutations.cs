using System.Text;
using System.Text.Json.Nodes;

namespace Guardrails.Core.Tests;

/// <summary>Valid JSON documents with one value (chosen by its depth-first position) replaced by a value of another kind.</summary>
internal static class JsonMutations
{
    public static readonly string[] Replacements =
        ["[]", "{}", "null", "true", "\"text\"", "\"\"", "-1", "0", "1e400", "1e30", "99999999999999999999999999999999", "1.5", "[[1]]",
            "{\"a\":[]}", "\"2026-13-45\""];

    public static int SlotCount(string json) => Slots(JsonNode.Parse(json)!).Count;

    /// <summary>The document with the slot-th value (depth-first, modulo the count) replaced; slot 0 is the whole document.</summary>
    public static byte[] Mutate(string json, int slot, string replacement)
    {
        var root = JsonNode.Parse(json)!;
        var slots = Slots(root);
        var target = slots[slot % slots.Count](root)!;
        var value = JsonNode.Parse(replacement);
        if (target.Parent is null) return Encoding.UTF8.GetBytes(replacement);
        if (target.Parent is JsonObject o) o[target.GetPropertyName()] = value;
        else ((JsonArray)target.Parent)[target.GetElementIndex()] = value;
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static List<Func<JsonNode, JsonNode?>> Slots(JsonNode root)
    {
        var slots = new List<Func<JsonNode, JsonNode?>>();
        void Walk(JsonNode node, Func<JsonNode, JsonNode?> find)
        {
            slots.Add(find);
            switch (node)
            {
                case JsonObject o:
                    foreach (var (k, v) in o)
                        if (v is not null) Walk(v, r => find(r)![k]);
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        var index = i;
                        if (a[i] is { } v) Walk(v, r => find(r)![index]);
                    }
                    break;
            }
        }
        Walk(root, r => r);
        return slots;
    }
}
