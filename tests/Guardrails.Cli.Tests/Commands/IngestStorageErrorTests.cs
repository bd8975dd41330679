using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>Issue 15: a bad connection string or an unreachable account is one error: line and exit 1, never a stack trace; the key stays out of the output.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class IngestStorageErrorTests
{
    private static string Export => TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static Task<CliRun> Ingest(params string[] args) =>
        ConsoleCapture.RunAsync(c => c.AddCommand<IngestCommand>("ingest"), ["ingest", .. args]);

    [Theory]
    [InlineData("not a connection string")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=x")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Key + ";TableEndpoint=http://127.0.0.1:1/devstoreaccount1;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1")]
    public async Task A_bad_or_unreachable_store_is_one_error_line(string connection)
    {
        var run = await Ingest(Export, "--store", connection);

        Assert.Equal(IngestCommand.ExitStorageError, run.ExitCode);
        var error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Matches("^error: (the storage connection string is not valid|storage unreachable|storage refused)", error);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_string_comes_from_GuardrailsStorage_when_store_has_no_value()
    {
        Environment.SetEnvironmentVariable(LedgerStore.EnvironmentVariable, "not a connection string");
        try
        {
            Assert.Equal("not a connection string", LedgerStore.Resolve(null));
            Assert.Equal("UseDevelopmentStorage=true", LedgerStore.Resolve("UseDevelopmentStorage=true"));
            var run = await Ingest(Export, "--store");
            Assert.Equal(IngestCommand.ExitStorageError, run.ExitCode);
            Assert.Contains("error: the storage connection string is not valid", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(LedgerStore.EnvironmentVariable, null);
        }
    }

    [Fact]
    public async Task A_bad_export_name_is_a_usage_error()
    {
        var run = await Ingest(Export, "--store", "--export-name", "a/b");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --export-name 'a/b'", run.Error, StringComparison.Ordinal);
    }
}
