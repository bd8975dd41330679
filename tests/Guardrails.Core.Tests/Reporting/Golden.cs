using Guardrails.Testing;

namespace Guardrails.Core.Tests.Reporting;

/// <summary>Golden files under Reporting/testdata, checked by the one <see cref="GoldenFile"/> helper.</summary>
internal static class Golden
{
    public static void Assert(string name, string actual) => GoldenFile.Verify(actual, Path.Combine("Reporting", "testdata", name));
}
