using System.Text.Json.Serialization;

namespace Guardrails.Core.Ledger;

/// <summary>Source-generated metadata of the ledger's JSON: the export-parts message and the storage facts' tag text.</summary>
[JsonSerializable(typeof(ExportPartMessage))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
