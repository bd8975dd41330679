using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Azure ML YAML published as a template (<c>instance_type: {{INSTANCE_TYPE}}</c>, <c>size: &lt;VM_SIZE&gt;</c>,
/// <c>instance_count: {{NODES}}</c>) is unknown with the field, its line and "template placeholder". Before:
/// <c>{{INSTANCE_TYPE}}</c> (a nested mapping to YAML) read as "instance_type: not set" on line 1, <c>&lt;VM_SIZE&gt;</c> was
/// looked up as a SKU, and a placeholder count was priced as 1 instance.
/// </summary>
public sealed class AzureMlFieldsTests
{
    private static IacResource Single(string yaml)
    {
        var r = AzureMlYamlReader.Read("ml/file.yml", yaml);
        Assert.Empty(r.Errors);
        return Assert.Single(r.Resources);
    }

    [Theory]
    [InlineData("instance_type: {{INSTANCE_TYPE}}\ninstance_count: 1\n", 4, "instance_type: `{{INSTANCE_TYPE}}` is a template placeholder (filled in before deployment)")]
    [InlineData("instance_type: Standard_NC6s_v3\ninstance_count: {{NODES}}\n", 5, "instance_count: `{{NODES}}` is a template placeholder (filled in before deployment)")]
    [InlineData("instance_type: \"<INSTANCE_TYPE>\"\ninstance_count: 1\n", 4, "instance_type: `<INSTANCE_TYPE>` is a template placeholder (filled in before deployment)")]
    [InlineData("instance_type: Standard_NC6s_v3\ninstance_count: two\n", 5, "instance_count: `two` is not a number")]
    public void A_deployment_with_a_placeholder_is_unknown_on_the_line_of_the_field(string fields, int line, string reason)
    {
        var d = Single("$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\nname: blue\nendpoint_name: e\n" + fields);

        Assert.Equal(((string?)null, reason, line), (d.Sku, d.UnresolvedReason, d.Line));
    }

    [Theory]
    [InlineData("size: <VM_SIZE>\nmin_instances: 0\nmax_instances: 4\n", 3, "size: `<VM_SIZE>` is a template placeholder (filled in before deployment)")]
    [InlineData("size: Standard_NC6s_v3\nmin_instances: 0\nmax_instances: {{MAX_NODES}}\n", 5, "max_instances: `{{MAX_NODES}}` is a template placeholder (filled in before deployment)")]
    public void A_cluster_with_a_placeholder_is_unknown_and_defines_no_compute_for_jobs(string fields, int line, string reason)
    {
        var r = AzureMlYamlReader.Read("ml/cluster.yml", "name: gpu-cluster\ntype: amlcompute\n" + fields);

        var cluster = Assert.Single(r.Resources);
        Assert.Equal(((string?)null, reason, line), (cluster.Sku, cluster.UnresolvedReason, cluster.Line));
        Assert.Empty(r.Computes);
    }

    [Fact]
    public void A_job_whose_instance_count_is_a_placeholder_is_not_priced_as_one_instance()
    {
        var job = Single("$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: python train.py\n"
            + "compute: azureml:gpu-cluster\nresources:\n  instance_count: ${{parent.inputs.nodes}}\n");

        Assert.Equal(5, job.Line);
        Assert.Equal("instance_count: `${{parent.inputs.nodes}}` is a template placeholder (filled in before deployment)", job.UnresolvedReason);
    }

    [Fact]
    public async Task In_a_pull_request_the_placeholder_job_fails_the_gate_even_though_its_cluster_is_known()
    {
        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(new Dictionary<string, string>(), new Dictionary<string, string>
        {
            ["ml/cluster.yml"] = "name: gpu-cluster\ntype: amlcompute\nsize: Standard_NC6s_v3\nmin_instances: 0\nmax_instances: 2\n",
            ["ml/job.yml"] = "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: python train.py\n"
                + "compute: azureml:gpu-cluster\nresources:\n  instance_count: {{NODES}}\n# guardrails: expected-hours=10\n",
        });

        var unpriced = Assert.Single(e.Unpriced, u => u.File == "ml/job.yml");
        Assert.Equal((5, "instance_count: `{{NODES}}` is a template placeholder (filled in before deployment)"), (unpriced.Line, unpriced.Reason));
        Assert.Equal(Guardrails.Core.PullRequests.GateState.Failure, gate.State);
    }

    [Fact]
    public async Task The_nebulaml_deepspeed_job_published_with_a_compute_placeholder_fails_the_gate_on_line_18()
    {
        var text = File.ReadAllText(Repo.TestData("pull-requests", "public-iac", "azureml", "nebulaml-cifar10-deepspeed-job.yml"));

        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(new Dictionary<string, string>(), new Dictionary<string, string> { ["ml/job.yml"] = text });

        var unpriced = Assert.Single(e.Unpriced);
        Assert.Equal((18, "compute: `< your compute name >` is a template placeholder (filled in before deployment)"), (unpriced.Line, unpriced.Reason));
        Assert.Equal(Guardrails.Core.PullRequests.GateState.Failure, gate.State);
    }

    [Fact]
    public void The_custom_container_deployment_published_with_placeholders_is_read_at_its_instance_type()
    {
        // `image: {{ACR_NAME}}.azurecr.io/…` on line 12 is not YAML until it is filled in; before, the file "could not be read".
        var text = File.ReadAllText(Repo.TestData("pull-requests", "public-iac", "azureml", "minimal-multimodel-deployment.yml"));

        var d = Single(text);

        Assert.Equal(("minimal-multimodel", "Standard_DS3_v2", 1m, (string?)null), (d.Name, d.Sku, d.Quantity, d.UnresolvedReason));
    }

    [Theory]
    [InlineData("instance_type: {{SKU}}_v3\ninstance_count: 1\n", 5, "instance_type: `{{SKU}}_v3` is a template placeholder (filled in before deployment)")]
    [InlineData("instance_type: Standard_NC6s_v3\ninstance_count: {{N}} # nodes\n", 6, "instance_count: `{{N}}` is a template placeholder (filled in before deployment)")]
    public void In_a_template_that_is_not_yaml_until_filled_in_a_priced_field_with_a_placeholder_is_unknown_on_its_line(string fields, int line, string reason)
    {
        var d = Single("$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\nname: blue\nendpoint_name: e\n"
            + "image: {{ACR_NAME}}.azurecr.io/x:1\n" + fields);

        Assert.Equal(((string?)null, reason, line), (d.Sku, d.UnresolvedReason, d.Line));
    }

    [Fact]
    public void A_file_that_is_not_yaml_even_with_its_placeholders_filled_is_an_error_on_its_line()
    {
        var r = AzureMlYamlReader.Read("ml/bad.yml", "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\nimage: {{ACR}}.io\ninstance_type: [Standard_NC6s_v3\n");

        var error = Assert.Single(r.Errors);
        Assert.Equal(("ml/bad.yml", 2), (error.File, error.Line)); // where the first reading stopped
    }
}
