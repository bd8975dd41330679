using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Azure ML YAML from azureml-examples that is not a command job. Before: a pipeline job (108 of the repository's
/// cli/ files) was "not a job, compute or deployment" — its steps' compute silently left out, the gate passing; a
/// component definition was a job without compute (the gate failing on a file that deploys nothing); a Kubernetes
/// online deployment's instance type (<c>defaultinstancetype</c>) was looked up as a VM size.
/// </summary>
public sealed class AzureMlPipelineTests
{
    private static string Real(string name) => File.ReadAllText(Repo.TestData("pull-requests", "public-iac", "azureml", name));

    [Fact]
    public void Each_step_of_a_real_pipeline_job_is_priced_per_run_on_its_own_compute()
    {
        var r = AzureMlYamlReader.Read("jobs/pipeline.yml", Real("nyc-taxi-pipeline.yml"));

        Assert.Empty(r.Errors);
        Assert.Equal(
            ["prep_job", "transform_job", "train_job", "predict_job", "score_job"],
            r.Resources.Select(x => x.Name.Split('/')[1]));
        Assert.All(r.Resources, x => Assert.Equal(("cpu-cluster", UsageKind.PerRun, "nyc-taxi-pipeline-example"), (x.ComputeName, x.Usage, x.Name.Split('/')[0])));
        Assert.Equal([10, 27, 42, 59, 75], r.Resources.Select(x => x.Line));
    }

    [Fact]
    public void A_step_without_compute_runs_on_the_pipeline_s_default_compute_and_serverless_steps_on_their_instance_type()
    {
        const string Text = """
            $schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
            type: pipeline
            display_name: finetune
            settings:
              default_compute: azureml:gpu-cluster
            jobs:
              prepare:
                type: command
                component: ./prepare.yml
              train:
                type: command
                component: ./train.yml
                compute: azureml:serverless
                resources:
                  instance_type: Standard_NC24ads_A100_v4
                  instance_count: 2
            """;

        var r = AzureMlYamlReader.Read("pipeline.yml", Text);

        var prepare = Assert.Single(r.Resources, x => x.Name == "finetune/prepare");
        var train = Assert.Single(r.Resources, x => x.Name == "finetune/train");
        Assert.Equal(("gpu-cluster", (string?)null), (prepare.ComputeName, prepare.Sku));
        Assert.Equal(((string?)null, "Standard_NC24ads_A100_v4", 2m), (train.ComputeName, train.Sku, train.Quantity));
        var sizeless = AzureMlYamlReader.Read("job.yml", "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: python train.py\ncompute: azureml:serverless\n");
        Assert.Equal("compute: `azureml:serverless`, and no resources.instance_type for serverless compute (the VM size is unknown)",
            Assert.Single(sizeless.Resources).UnresolvedReason);
    }

    [Fact]
    public void A_pipeline_whose_steps_cannot_be_read_is_unknown_and_one_that_runs_a_component_is_a_job_on_its_compute()
    {
        var empty = AzureMlYamlReader.Read("p.yml", "$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\ntype: pipeline\njobs: {}\n");
        var component = AzureMlYamlReader.Read("p.yml", Real("hello-batch-pipeline-job.yml"));

        Assert.Contains("without steps", Assert.Single(empty.Resources).UnresolvedReason, StringComparison.Ordinal);
        var run = Assert.Single(component.Resources);
        Assert.Equal(("batch-cluster", UsageKind.PerRun, (string?)null), (run.ComputeName, run.Usage, run.UnresolvedReason));
    }

    [Theory]
    [InlineData("component-train.yml", "azureml/component", "priced there")]
    [InlineData("kubernetes-blue-deployment.yml", "azureml/kubernetesdeployment", "attached Kubernetes cluster")]
    public void Definitions_that_bill_nothing_themselves_are_listed_as_not_estimated_not_unpriced(string file, string type, string reason)
    {
        var r = AzureMlYamlReader.Read(file, Real(file));

        Assert.Empty(r.Resources);
        Assert.Empty(r.Errors);
        var skipped = Assert.Single(r.Skipped);
        Assert.Equal(type, skipped.Type);
        Assert.Contains(reason, skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipeline_file_without_a_schema_line_is_still_recognised_as_Azure_ML()
    {
        Assert.True(AzureMlYamlReader.LooksLikeAzureMl("type: pipeline\njobs:\n  a:\n    compute: gpu\n"));
        Assert.False(AzureMlYamlReader.LooksLikeAzureMl("name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"));
    }
}
