using System.Text.Json.Nodes;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// <c>guardrails estimate</c> of public examples that use ordinary CPU sizes: the azurerm provider's
/// <c>virtual-machines-linux-basic-ssh</c> (Standard_F2) and the quickstart DSVM Bicep (Standard_B2s), copied unchanged
/// (their SOURCES.md). Both were "not priced" (and failed the gate) before the bundled Linux on-demand table.
/// </summary>
public sealed class EstimatePublicExamplesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrails-public-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Standard_F2_and_Standard_B2s_from_public_examples_are_priced_not_unpriced()
    {
        var head = Directory.CreateDirectory(Path.Combine(_dir, "head")).FullName;
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "base")).FullName;
        var tf = Path.Combine(TestData.RepositoryRoot, "tests", "Guardrails.Core.Tests", "testdata", "pull-requests", "public-iac-corpus",
            "tf-provider-examples", "virtual-machines-linux-basic-ssh");
        Directory.CreateDirectory(Path.Combine(head, "vm"));
        foreach (var f in Directory.GetFiles(tf)) File.Copy(f, Path.Combine(head, "vm", Path.GetFileName(f)));
        Directory.CreateDirectory(Path.Combine(head, "dsvm"));
        File.Copy(Path.Combine(TestData.RepositoryRoot, "samples", "iac", "fixtures", "bicep", "azure-quickstart-templates_vm-ubuntu-DSVM-GPU-or-CPU_main.bicep"),
            Path.Combine(head, "dsvm", "main.bicep"));

        var (code, output, err) = await CliProcess.RunAsync(null, "estimate", "--base", empty, "--head", head, "--json", "--fail-on", "gate");

        Assert.True(code == 0, err + output); // the gate passes: nothing unknown
        var json = JsonNode.Parse(output)!;
        Assert.Empty(json["unpriced"]!.AsArray());
        foreach (var sku in new[] { "Standard_F2", "Standard_B2s" })
        {
            var r = json["resources"]!.AsArray().Single(x => (string?)x!["sku"] == sku)!;
            Assert.True((decimal)r["headMonthlyCost"]! > 0m, sku);
            Assert.Equal("2026-06-18", (string?)r["priceAsOf"]);
            Assert.StartsWith("karpenter-provider-azure@", (string?)r["priceSource"], StringComparison.Ordinal);
        }
    }
}
