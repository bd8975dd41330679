using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Guardrails.Core.Alerts;
using Guardrails.Core.Reporting;

namespace Guardrails.Cli.Tests.Hosting;

/// <summary>
/// The CLI writes and reads every document through source-generated System.Text.Json contexts: reflection-based
/// serialization is off in the CLI and in this test run (JsonSerializerIsReflectionEnabledByDefault=false in both
/// projects), so a document without generated metadata fails here as it would in the native CLI.
/// </summary>
public sealed class JsonContractTests
{
    [Fact]
    public void Reflection_based_serialization_is_off_in_this_run_and_in_the_cli()
    {
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
        Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize(new { budget = "team-a" }));

        var runtimeConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "guardrails.runtimeconfig.json")))!;
        Assert.False((bool?)runtimeConfig["runtimeOptions"]?["configProperties"]?["System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault"]
            ?? throw new Xunit.Sdk.XunitException("guardrails.runtimeconfig.json does not set IsReflectionEnabledByDefault"));
    }

    /// <summary>
    /// The enum converters are listed per enum type (the generic JsonStringEnumConverter&lt;T&gt; the native compiler can
    /// build): an enum a document reaches without one would be written as a number. Every enum reachable from the
    /// documents of the report/dashboard options and of the alert options is written by name.
    /// </summary>
    [Fact]
    public void Every_enum_in_the_report_and_alert_documents_is_written_by_name()
    {
        var report = EnumsWrittenAsNumbers(ReportWriters.Json, Roots(typeof(ReportJsonContext)), out var reportEnums);
        var alerts = EnumsWrittenAsNumbers(AlertNotification.JsonOptions, Roots(typeof(AlertJsonContext)), out var alertEnums);

        Assert.Empty(report);
        Assert.Empty(alerts);
        // The walk reaches the enums (a walk that found none would pass whatever the converters).
        Assert.Contains(typeof(RunOutcome), reportEnums);
        Assert.Contains(typeof(Guardrails.Core.Ledger.CostBasis), reportEnums);
        Assert.Contains(typeof(AlertKind), alertEnums);
        Assert.Contains(typeof(Guardrails.Core.Actions.ActionOutcomeStatus), alertEnums);
    }

    private static IEnumerable<Type> Roots(Type context) =>
        context.GetCustomAttributesData().Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!);

    private static List<Type> EnumsWrittenAsNumbers(JsonSerializerOptions options, IEnumerable<Type> roots, out HashSet<Type> enums)
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        var numbers = new List<Type>();
        enums = [];
        while (pending.TryDequeue(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type) || type == typeof(object)) continue;
            var info = options.GetTypeInfo(type);
            if (type.IsEnum)
            {
                enums.Add(type);
                var first = Enum.GetValues(type).GetValue(0);
                if (!JsonSerializer.Serialize(first, info).StartsWith('"')) numbers.Add(type);
                continue;
            }
            foreach (var next in info.Kind switch
            {
                JsonTypeInfoKind.Object => info.Properties.Select(p => p.PropertyType),
                JsonTypeInfoKind.Enumerable => [info.ElementType!],
                JsonTypeInfoKind.Dictionary => [info.KeyType!, info.ElementType!],
                _ => [],
            })
                pending.Enqueue(next);
        }
        return numbers;
    }
}
