using System.Text;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Every reader (Bicep, Terraform, ARM JSON and its expressions, Azure ML YAML) over every real file of the repository's
/// fixtures (samples/iac, public IaC under testdata), mutated the ways a hostile or broken pull request can: cut short at
/// many points, nested 10,000 deep, a 5 MB single line, NUL bytes, invalid UTF-8, byte-order marks, CRLF and lone CR.
/// Each is read on a thread with a 1 MB stack (smaller than the Functions host's): it is read or it is a file error
/// naming the file (and a line within it), never an exception, and never a stack overflow (which would end the process).
/// </summary>
public sealed class IacReaderHostileSweepTests
{
    private static readonly string[] s_folders =
    [
        Path.Combine(Repo.Root, "samples", "iac", "fixtures"),
        Path.Combine(Repo.Root, "samples", "iac", "head"),
        Path.Combine(Repo.Root, "tests", "Guardrails.Core.Tests", "testdata", "pull-requests", "public-iac"),
    ];

    /// <summary>The kinds no fixture has, written here in each language's documented shape: Terraform JSON, variable
    /// files, Bicep and ARM parameter files, linked ARM templates, ARM templates deployed through Terraform, Bicep imports,
    /// functions and loadJsonContent.</summary>
    private static readonly (string Path, string Text)[] s_written =
    [
        ("cdk/main.tf.json", """{ "variable": { "size": { "default": "Standard_NC6s_v3" } }, "resource": { "azurerm_linux_virtual_machine": { "vm": { "size": "${var.size}", "location": "westeurope" } } } }"""),
        ("cdk/terraform.tfvars", "size  = \"Standard_NC24ads_A100_v4\"\nnodes = 2\npools = { a = { size = \"x\", count = [1, 2] } }\n"),
        ("cdk/prod.auto.tfvars.json", """{ "size": "Standard_NC24ads_A100_v4", "nodes": 2 }"""),
        ("vm/prod.bicepparam", "using 'dsvm.bicep'\nparam vmSize = 'Standard_NC6s_v3'\nparam tags = { team: 'vision', n: [1, 2, { a: 'b' }] }\n"),
        ("vm/azuredeploy.parameters.json", """{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": { "vmSize": { "value": "Standard_NC6s_v3" } } }"""),
        ("compute/main.tf", """
            resource "azurerm_batch_pool" "p" {
              vm_size           = "Standard_NC6s_v3"
              node_agent_sku_id = "batch.node.ubuntu 22.04"
              fixed_scale {
                target_dedicated_nodes    = 2
                target_low_priority_nodes = 1
              }
            }
            resource "azurerm_container_app_environment" "e" {
              dynamic "workload_profile" {
                for_each = ["D4", "NC24-A100"]
                content { workload_profile_type = workload_profile.value }
              }
            }
            resource "azurerm_cognitive_deployment" "d" {
              sku {
                name     = "ProvisionedManaged"
                capacity = 100
              }
            }
            resource "databricks_job" "j" {
              task {
                new_cluster { node_type_id = "Standard_NC6s_v3" }
              }
            }
            resource "azapi_resource" "vm" {
              type = "Microsoft.Compute/virtualMachines@2024-07-01"
              body = jsonencode({ properties = { hardwareProfile = { vmSize = "Standard_NC6s_v3" } } })
            }
            """),
        ("linked/azuredeploy.json", """
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "parameters": { "_artifactsLocation": { "type": "string", "defaultValue": "[deployment().properties.templateLink.uri]" } },
              "resources": [
                { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "vm", "copy": { "name": "c", "count": 2 },
                  "properties": { "mode": "Incremental",
                    "templateLink": { "uri": "[uri(parameters('_artifactsLocation'), concat('nested/vm', copyIndex(), '.json'))]" },
                    "parametersLink": { "relativePath": "nested/vm.parameters.json" } } },
                { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "self",
                  "properties": { "mode": "Incremental", "templateLink": { "relativePath": "azuredeploy.json" } } }
              ] }
            """),
        ("deploy/main.tf", """
            resource "azurerm_resource_group_template_deployment" "inline" {
              count = 2
              template_content = <<-TEMPLATE
                { "resources": [ { "type": "Microsoft.Compute/virtualMachines", "name": "t4",
                  "properties": { "hardwareProfile": { "vmSize": "[parameters('size')]" } } } ],
                  "parameters": { "size": { "type": "string", "defaultValue": "Standard_NC4as_T4_v3" } } }
              TEMPLATE
              parameters_content = jsonencode({ size = { value = "Standard_NC6s_v3" } })
            }
            resource "azurerm_template_deployment" "legacy" {
              template_body = jsonencode({ resources = [{ type = "Microsoft.Compute/virtualMachines", properties = { hardwareProfile = { vmSize = "Standard_NC6s_v3" } } }] })
              parameters    = { a = "b" }
            }
            """),
        ("compute/lambdas.bicep", """
            import { shared } from 'shared.bicep'
            import * as cfg from 'shared.bicep'
            func twice(n int) int => n * 2
            func sizeOf(p { size: string }) string => p.size
            param pools array = [ { name: 'a', size: 'Standard_NC6s_v3', n: 2 }, { name: 'b', size: 'Standard_D4s_v5', n: 1 } ]
            var total = twice(reduce(pools, 0, (acc, p) => acc + p.n))
            var config = loadJsonContent('config.json', '$.pools[0]')
            resource aks 'Microsoft.ContainerService/managedClusters@2025-10-01' = {
              name: 'aks'
              properties: {
                agentPoolProfiles: map(sort(filter(pools, p => p.n > 0), (x, y) => x.n < y.n), (p, i) => { name: '${p.name}${i}', vmSize: p.size, count: p.n })
              }
            }
            resource pool 'Microsoft.Batch/batchAccounts/pools@2024-07-01' = {
              name: 'batch/p'
              properties: { vmSize: 'Standard_NC6s_v3', scaleSettings: { fixedScale: { targetDedicatedNodes: total } } }
            }
            """),
    ];

    /// <summary>The fixture files each reader reads: (path as the PR would name it, text).</summary>
    private static List<(string Path, string Text)> Fixtures() =>
    [
        .. s_folders.SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories)
            .Where(p => IacReader.IsCostBearingPath(p) && !p.EndsWith("guardrails.yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetRelativePath(f, p).Replace('\\', '/'), File.ReadAllText(p)))),
        .. s_written,
    ];

    public static TheoryData<string> Mutations => ["truncated", "nested", "nul", "invalid-utf8", "bom", "line-endings"];

    private static IEnumerable<(string Kind, string Text)> Mutate(string kind, string text) => kind switch
    {
        "truncated" => CutPoints(text.Length).Select(n => ($"cut at {n}", text[..n])),
        "nested" => new[] { "{", "[", "(", "{{", "${", "[[", "\"${" }.Select(open =>
            ($"{open} × 10,000 in the middle", text[..(text.Length / 2)] + string.Concat(Enumerable.Repeat(open, 10_000)) + text[(text.Length / 2)..]))
            .Append(("wrapped in 10,000 braces", new string('{', 10_000) + text + new string('}', 10_000))),
        "nul" => [("NUL at start", "\0" + text), ("NUL in the middle", text.Insert(text.Length / 2, "\0\0\0")), ("NUL per line", text.Replace("\n", "\0\n", StringComparison.Ordinal))],
        "invalid-utf8" => [("invalid UTF-8 decoded", InvalidUtf8(text)), ("lone surrogates", text.Insert(text.Length / 3, "\uD800").Insert(text.Length / 2, "\uDFFF"))],
        "bom" => [("UTF-8 BOM", "\uFEFF" + text), ("two BOMs", "\uFEFF\uFEFF" + text), ("BOM in the middle", text.Insert(text.Length / 2, "\uFEFF")), ("UTF-16 BOM as text", "\uFFFE" + text)],
        "line-endings" => [("CRLF", text.ReplaceLineEndings("\r\n")), ("lone CR", text.ReplaceLineEndings("\r")), ("mixed", text.Replace("\n", "\n\r\r\n", StringComparison.Ordinal))],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Twelve evenly spaced points and eight pseudo-random ones (seeded by the length: the same on every run).</summary>
    private static IEnumerable<int> CutPoints(int length)
    {
        var random = new Random(length);
        return Enumerable.Range(1, 12).Select(i => length * i / 13).Concat(Enumerable.Range(0, 8).Select(_ => random.Next(length)));
    }

    /// <summary>The file's bytes with invalid UTF-8 sequences spliced in, decoded as the GitHub client decodes them.</summary>
    private static string InvalidUtf8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        bytes.InsertRange(bytes.Count / 2, [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, 0xF0, 0x28, 0x8C]);
        return Encoding.UTF8.GetString([.. bytes]);
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Every_reader_over_every_fixture_mutated_reads_or_names_the_file_and_line_never_crashes(string kind)
    {
        var failures = new List<string>();
        foreach (var (path, text) in Fixtures())
            foreach (var (mutation, mutated) in Mutate(kind, text))
                if (Check(path, mutated) is { } failure) failures.Add($"{path} ({mutation}): {failure}");

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void A_five_megabyte_single_line_is_read_or_a_file_error_for_every_reader()
    {
        var failures = new List<string>();
        foreach (var (path, text) in Fixtures().DistinctBy(f => Path.GetExtension(f.Path)))
        {
            var line = text.ReplaceLineEndings(" ");
            var big = string.Concat(Enumerable.Repeat(line, (5_000_000 / Math.Max(1, line.Length)) + 1));
            foreach (var (mutation, mutated) in new[] { ("file repeated on one line", big), ("one 5 MB token", text + "\n" + new string('a', 5_000_000)),
                         ("one 5 MB string", text + "\nx = \"" + new string('a', 5_000_000) + "\"\n") })
                if (Check(path, mutated) is { } failure) failures.Add($"{path} ({mutation}): {failure}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_yaml_file_with_placeholders_nested_10000_deep_is_a_file_error_not_a_stack_overflow()
    {
        // Before: `{{` made the text look like an unfilled template, whose fallback load skipped the nesting check.
        var text = "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncompute: " + string.Concat(Enumerable.Repeat("{{", 10_000)) + "\n";

        Assert.Null(Check("job.yml", text));
        var error = Assert.Single(IacReader.ReadAll(new Dictionary<string, string> { ["job.yml"] = text }).Errors);
        Assert.Equal(("job.yml", 2), (error.File, error.Line));
    }

    [Theory]
    [InlineData("main.json", "{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n  \"x\": \"HIGH\"\n}\n", 3)]
    [InlineData("main.tf", "variable \"a\" {}\n\n\n# LOW\n", 4)]
    [InlineData("main.bicep", "param a string = 'HIGH'\n", 1)]
    public void A_lone_surrogate_is_a_file_error_on_its_line_not_an_exception(string path, string text, int line)
    {
        // Made here: an attribute's strings are stored as UTF-8, where a lone surrogate cannot be written.
        text = text.Replace("HIGH", "\uD800", StringComparison.Ordinal).Replace("LOW", "\uDC00", StringComparison.Ordinal);

        var error = Assert.Single(IacReader.ReadAll(new Dictionary<string, string> { [path] = text }).Errors);

        Assert.Equal((path, line, "not Unicode text (a lone UTF-16 surrogate)"), (error.File, error.Line, error.Message));
    }

    [Fact]
    public void A_parse_error_reported_past_the_end_of_a_cut_file_names_its_last_line()
    {
        var error = Assert.Single(IacReader.ReadAll(new Dictionary<string, string> { ["d.yml"] = "$schema: https://azuremlschemas.azureedge.net/x\nname: m\nendpoint_name: {{EN" }).Errors);

        Assert.Equal(("d.yml", 3), (error.File, error.Line)); // YamlDotNet says line 4 of a 3-line file
    }

    /// <summary>Null when the file is read, or is a file error that names it and a line within it; else what went wrong.</summary>
    private static string? Check(string path, string text)
    {
        IacParseResult? result = null;
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try { result = IacReader.ReadAll(new Dictionary<string, string> { [path] = text }); }
            catch (Exception e) { thrown = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        if (thrown is not null) return $"{thrown.GetType().Name}: {thrown.Message.Split('\n')[0]}";
        var lines = text.Count(c => c is '\n' or '\r') + 1;
        return result!.Errors.FirstOrDefault(e => e.File != path || e.Message.Length == 0 || e.Line is < 1 || e.Line > lines) is { } bad
            ? $"error does not name the file and a line in it: {bad}"
            : null;
    }
}
