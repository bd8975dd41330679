using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Databricks compute declared with the <c>databricks</c> Terraform provider runs Azure VMs (GPU ones for training) and
/// bills DBUs on top, for as long as it is used. Before, every such resource was skipped as "no compute cost model" and a
/// PR adding a GPU cluster passed at $0; now a cluster, instance pool, SQL warehouse, pipeline, or a job that starts its
/// own clusters is unknown with its node type, and a job on an existing cluster is skipped.
/// </summary>
public sealed class DatabricksComputeTests
{
    [Theory]
    [InlineData("""
        resource "databricks_cluster" "gpu" {
          cluster_name            = "train"
          spark_version           = "15.4.x-gpu-ml-scala2.12"
          node_type_id            = "Standard_NC24ads_A100_v4"
          autotermination_minutes = 30
          autoscale {
            min_workers = 1
            max_workers = 4
          }
        }
        """, "Databricks cluster of Standard_NC24ads_A100_v4: ")]
    [InlineData("""
        resource "databricks_instance_pool" "pool" {
          instance_pool_name = "gpu"
          node_type_id       = "Standard_NC6s_v3"
          min_idle_instances = 1
        }
        """, "Databricks instance pool of Standard_NC6s_v3: ")]
    [InlineData("""
        resource "databricks_sql_endpoint" "wh" {
          name         = "wh"
          cluster_size = "2X-Small"
        }
        """, "Databricks SQL warehouse of 2X-Small: ")]
    [InlineData("""
        resource "databricks_job" "train" {
          name = "train"
          task {
            task_key = "fit"
            new_cluster {
              spark_version = "15.4.x-gpu-ml-scala2.12"
              node_type_id  = "Standard_NC24ads_A100_v4"
              num_workers   = 2
            }
          }
        }
        """, "Databricks job cluster of Standard_NC24ads_A100_v4: ")]
    [InlineData("""
        resource "databricks_job" "nightly" {
          name = "nightly"
          job_cluster {
            job_cluster_key = "shared"
            new_cluster {
              spark_version = "15.4.x-scala2.12"
              node_type_id  = var.node_type
              num_workers   = 2
            }
          }
        }
        """, "Databricks job cluster: ")]
    public void Databricks_compute_is_unknown_with_its_node_type_never_free(string tf, string reason)
    {
        var res = Assert.Single(TerraformReader.Read("dbx.tf", "variable \"node_type\" {}\n" + tf).Resources);

        Assert.Null(res.Sku);
        Assert.StartsWith(reason, res.UnresolvedReason, StringComparison.Ordinal);
        Assert.EndsWith("DBUs are billed on top, which the files do not tell (compute: unknown, not free)", res.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_on_an_existing_cluster_is_skipped()
    {
        var r = TerraformReader.Read("dbx.tf", """
            resource "databricks_job" "report" {
              name = "report"
              task {
                task_key            = "run"
                existing_cluster_id = databricks_cluster.shared.id
              }
            }
            """);

        Assert.Empty(r.Resources);
        Assert.Single(r.Skipped);
    }
}
