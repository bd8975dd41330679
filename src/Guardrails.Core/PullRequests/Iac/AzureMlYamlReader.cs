using System.Globalization;
using System.Text.RegularExpressions;
using Guardrails.Core.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Reads Azure ML CLI v2 YAML: command and sweep jobs (compute, <c>resources.instance_count</c>, sweep trial limits),
/// AmlCompute definitions (<c>type: amlcompute</c>: size, min/max instances, tier) and managed online deployments
/// (instance_type × instance_count). Run length comes from an annotation comment
/// <c># guardrails: expected-hours=12</c> or <c># guardrails: params=7e9 tokens=2e12 mfu=0.4</c>, or from guardrails.yaml.
/// </summary>
public static partial class AzureMlYamlReader
{
    /// <summary>True when the YAML looks like an Azure ML CLI v2 document (so other YAML, e.g. CI workflows, is left alone).</summary>
    public static bool LooksLikeAzureMl(string text) =>
        text.Contains("azuremlschemas", StringComparison.OrdinalIgnoreCase)
        || AmlHint().IsMatch(text);

    [GeneratedRegex(@"^(compute:\s*azureml:|type:\s*(amlcompute|command|sweep|pipeline)\s*$|instance_type:)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex AmlHint();

    [GeneratedRegex(@"#\s*guardrails:\s*(?<pairs>.+)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex Annotation();

    public static IacParseResult Read(string file, string text)
    {
        var result = new IacParseResult();
        if (ReadRoot(file, text, result) is not { } root) return result;
        var schema = Scalar(root, "$schema") ?? "";
        var type = Scalar(root, "type")?.ToLowerInvariant();
        var name = Scalar(root, "name") ?? Scalar(root, "display_name") ?? Path.GetFileNameWithoutExtension(file);
        if (type == "amlcompute" || schema.Contains("amlCompute", StringComparison.OrdinalIgnoreCase))
            ReadCompute(file, root, name, result);
        else if (schema.Contains("Component.schema", StringComparison.OrdinalIgnoreCase))
            result.Skipped.Add(new SkippedResource(file, name, "azureml/component",
                "a component runs on the compute of the pipeline job that uses it, and is priced there"));
        else if (type == "kubernetes" || schema.Contains("kubernetesOnlineDeployment", StringComparison.OrdinalIgnoreCase))
            result.Skipped.Add(new SkippedResource(file, name, "azureml/kubernetesdeployment",
                "runs on an attached Kubernetes cluster, whose nodes are priced where the cluster is defined (its instance_type is a Kubernetes instance type, not a VM size)"));
        else if (type == "pipeline" || schema.Contains("pipelineJob", StringComparison.OrdinalIgnoreCase))
            ReadPipeline(file, text, root, name, result);
        else if (schema.Contains("OnlineDeployment", StringComparison.OrdinalIgnoreCase) || Scalar(root, "instance_type") is not null && Scalar(root, "command") is null)
            result.Resources.Add(OnlineDeployment(file, root, name));
        else if (type is "command" or "sweep" || Scalar(root, "command") is not null || Mapping(root, "trial") is not null
            || schema.Contains("commandJob", StringComparison.OrdinalIgnoreCase) || schema.Contains("sweepJob", StringComparison.OrdinalIgnoreCase))
            result.Resources.Add(Job(file, text, root, name, isSweep: type == "sweep" || schema.Contains("sweepJob", StringComparison.OrdinalIgnoreCase)));
        else
            result.Skipped.Add(new SkippedResource(file, name, "azureml", "not a job, compute or deployment"));
        return result;
    }

    /// <summary>The document's root mapping; null (with the error in <paramref name="result"/>) when it is not one.</summary>
    /// <remarks>A file published as a template (<c>image: {{ACR_NAME}}.azurecr.io/…</c>, as azureml-examples' custom-container
    /// deployments are) is not YAML until its placeholders are filled in: it is read with each placeholder as the text it
    /// is (<see cref="AzureMlFields.Unfilled"/>), so its other fields still price it and a priced field holding one is unknown.
    /// A file that is not YAML even then is an error on its line.</remarks>
    private static YamlMappingNode? ReadRoot(string file, string text, IacParseResult result)
    {
        try
        {
            YamlNesting.Check(text);
            return Load(text, file, result);
        }
        catch (YamlException e) when (AzureMlFields.Unfilled(text) is { } unfilled)
        {
            try
            {
                YamlNesting.Check(unfilled); // the placeholders' text can hide nesting too (`{{` × 10,000): never a stack overflow
                return Load(unfilled, file, result);
            }
            catch (YamlException) { result.Errors.Add(new IacFileError(file, (int)e.Start.Line, e.Message)); }
        }
        catch (YamlException e)
        {
            result.Errors.Add(new IacFileError(file, (int)e.Start.Line, e.Message));
        }
        return null;
    }

    private static YamlMappingNode? Load(string text, string file, IacParseResult result)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m) return m;
        result.Errors.Add(new IacFileError(file, 1, "not a YAML mapping"));
        return null;
    }

    /// <summary>An AmlCompute definition: priced at its maximum instances; its definition is kept for the jobs that use it.</summary>
    private static void ReadCompute(string file, YamlMappingNode root, string name, IacParseResult result)
    {
        var sizeField = AzureMlFields.Text(root, "size");
        var size = sizeField.Text;
        var (minValue, minField) = AzureMlFields.Number(root, "min_instances");
        var (maxValue, maxField) = AzureMlFields.Number(root, "max_instances");
        var (min, max) = (minValue ?? 0m, maxValue ?? 1m);
        var unknown = Unknown(sizeField, minField, maxField);
        var tier = Scalar(root, "tier");
        var priority = tier is not null && tier.Replace("_", "", StringComparison.Ordinal).Equals("lowpriority", StringComparison.OrdinalIgnoreCase)
            ? CapacityPriority.LowPriority : CapacityPriority.Dedicated;
        result.Resources.Add(new IacResource
        {
            File = file,
            Name = name,
            Type = "azureml/amlcompute",
            Line = unknown?.Line ?? (int)root.Start.Line,
            Sku = unknown is null ? size : null,
            MinNodes = min,
            MaxNodes = max,
            Quantity = max,
            Priority = priority,
            IsJobCluster = true,
            ComputeName = name,
            Region = Scalar(root, "location"),
            UnresolvedReason = unknown?.Unknown ?? (size is null ? "size: not set" : null),
            Notes = !maxField.IsWritten ? ["max_instances not set: assumed 1 (Azure ML default)"] : [],
        });
        if (size is not null && unknown is null) result.Computes.Add(new ComputeDefinition(name, size, priority, min, max, file));
    }

    private static IacResource OnlineDeployment(string file, YamlMappingNode root, string name)
    {
        var type = AzureMlFields.Text(root, "instance_type");
        var (count, countField) = AzureMlFields.Number(root, "instance_count");
        var unknown = Unknown(type, countField);
        return new IacResource
        {
            File = file,
            Name = name,
            Type = "azureml/onlinedeployment",
            Line = unknown?.Line ?? (int)root.Start.Line,
            Sku = unknown is null ? type.Text : null,
            Quantity = count ?? 1m,
            UnresolvedReason = unknown?.Unknown ?? (type.Text is null ? "instance_type: not set" : null),
        };
    }

    /// <summary>
    /// A pipeline job: each step (<c>jobs.NAME</c>) runs on its own compute, else the pipeline's
    /// <c>settings.default_compute</c> (or <c>compute</c>), and is priced per run like a job (named <c>pipeline/step</c>,
    /// with the file's annotation). A pipeline without steps it can read is unknown, never free.
    /// </summary>
    private static void ReadPipeline(string file, string text, YamlMappingNode root, string name, IacParseResult result)
    {
        var defaultCompute = Scalar(Mapping(root, "settings"), "default_compute") ?? Scalar(root, "compute");
        var steps = Mapping(root, "jobs")?.Children.Where(c => c.Value is YamlMappingNode).ToList() ?? [];
        if (steps.Count == 0 && defaultCompute is not null)
        {
            // A pipeline component run as one job (`component:` + `compute:`), or a pipeline batch deployment's runs.
            result.Resources.Add(Job(file, text, root, name, isSweep: false, defaultCompute));
            return;
        }
        if (steps.Count == 0)
        {
            result.Resources.Add(new IacResource
            {
                File = file,
                Name = name,
                Type = "azureml/pipelinejob",
                Line = (int)root.Start.Line,
                Usage = UsageKind.PerRun,
                UnresolvedReason = "a pipeline job without steps under `jobs:` (what it runs is unknown)",
            });
            return;
        }
        foreach (var (key, value) in steps)
        {
            var step = (YamlMappingNode)value;
            var stepName = $"{Scalar(root, "display_name") ?? name}/{(key as YamlScalarNode)?.Value}";
            var job = Job(file, text, step, stepName, isSweep: string.Equals(Scalar(step, "type"), "sweep", StringComparison.OrdinalIgnoreCase), defaultCompute);
            result.Resources.Add(job with { Name = stepName, Line = (int)key.Start.Line });
        }
    }

    /// <summary>A command or sweep job: priced per run on its compute, with the run length from its annotation comment.</summary>
    private static IacResource Job(string file, string text, YamlMappingNode root, string name, bool isSweep, string? defaultCompute = null)
    {
        var computeField = AzureMlFields.Text(root, "compute");
        var compute = computeField.Text ?? (computeField.IsWritten ? null : defaultCompute);
        var resources = Mapping(root, "resources") ?? Mapping(Mapping(root, "trial"), "resources");
        var (instanceCount, instanceField) = AzureMlFields.Number(resources, "instance_count");
        var instances = instanceCount ?? 1m;
        var (trialCount, trialField) = isSweep ? AzureMlFields.Number(Mapping(root, "limits"), "max_total_trials") : ((decimal?)1m, default(AzureMlField));
        var trials = trialCount ?? 1m;
        var notes = new List<string>();
        if (isSweep && !trialField.IsWritten) notes.Add("sweep limits.max_total_trials not set: priced as 1 trial");
        var annotation = ReadAnnotation(text);
        var computeName = compute is null ? null : compute.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase) ? compute[8..] : compute;
        if (string.Equals(computeName, "serverless", StringComparison.OrdinalIgnoreCase)) computeName = null; // `azureml:serverless` names no cluster
        // Serverless compute (no `compute:`): the job names its VM size itself and is billed at that size's rate.
        var serverlessField = computeName is null ? AzureMlFields.Text(resources, "instance_type") : default;
        var serverlessSize = serverlessField.Text;
        var unknown = Unknown(computeField, instanceField, trialField, serverlessField);
        var spot = string.Equals(Scalar(Mapping(root, "queue_settings"), "job_tier"), "Spot", StringComparison.OrdinalIgnoreCase);
        return new IacResource
        {
            File = file,
            Name = Scalar(root, "display_name") ?? name,
            Type = isSweep ? "azureml/sweepjob" : "azureml/commandjob",
            Line = unknown?.Line ?? (int)root.Start.Line,
            Usage = UsageKind.PerRun,
            ComputeName = computeName,
            Quantity = instances,
            Trials = trials,
            ExpectedHours = annotation.GetValueOrDefault("expected-hours"),
            ModelParameters = annotation.GetValueOrDefault("params"),
            TrainingTokens = annotation.GetValueOrDefault("tokens"),
            Mfu = annotation.GetValueOrDefault("mfu"),
            Sku = unknown is null ? serverlessSize : null,
            Priority = serverlessSize is not null && spot ? CapacityPriority.LowPriority : CapacityPriority.Dedicated,
            UnresolvedReason = unknown?.Unknown ?? (computeName is null && serverlessSize is null
                ? $"compute: {(compute is null ? "not set" : $"`{compute}`")}, and no resources.instance_type for serverless compute (the VM size is unknown)"
                : null),
            Notes = notes,
        };
    }

    /// <summary>The first field written in a way that cannot be priced (a template placeholder, a count that is not a number).</summary>
    private static AzureMlField? Unknown(params AzureMlField[] fields) =>
        fields.FirstOrDefault(f => f.Unknown is not null) is { Unknown: not null } f ? f : null;

    private static Dictionary<string, decimal?> ReadAnnotation(string text)
    {
        var d = new Dictionary<string, decimal?>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Annotation().Matches(text))
        {
            foreach (var pair in m.Groups["pairs"].Value.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0) continue;
                if (decimal.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    d[pair[..eq]] = v;
            }
        }
        return d;
    }

    private static YamlMappingNode? Mapping(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? AzureMlFields.Filled(s.Value?.Trim()) : null;
}
