using System.Reflection;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Infrastructure.Tests;

/// <summary>
/// Infrastructure holds adapters only: the stages and orchestrators (types named *Stage, *Job, *Runner or *Orchestrator)
/// are Core classes behind the ports they need, so both hosts run the same pipeline. docs/architecture.md lists the ports.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string[] s_orchestratorSuffixes = ["Stage", "Job", "Runner", "Orchestrator"];

    /// <summary>The public or internal types of <paramref name="assembly"/> named as a stage or an orchestrator (compiler-generated ones aside).</summary>
    public static IReadOnlyList<string> Orchestrators(Assembly assembly) => assembly.GetTypes()
        .Where(t => !t.IsNested && !t.Name.StartsWith('<') && t.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
        .Where(t => s_orchestratorSuffixes.Any(suffix => t.Name.EndsWith(suffix, StringComparison.Ordinal)))
        .Select(t => t.FullName!)
        .Order(StringComparer.Ordinal)
        .ToList();

    [Fact]
    public void No_stage_job_runner_or_orchestrator_lives_in_infrastructure()
    {
        var misplaced = Orchestrators(typeof(TableLedgerStore).Assembly);
        Assert.True(misplaced.Count == 0,
            $"Stages and orchestrators belong in Guardrails.Core behind ports, with adapters here: {string.Join(", ", misplaced)}");
    }

    [Fact]
    public void The_check_sees_the_stages_where_they_live()
    {
        // The same rule over Core finds the pipeline's stages: it would see one in Infrastructure too.
        var stages = Orchestrators(typeof(IngestExportPartStage).Assembly);
        Assert.Contains(typeof(IngestExportPartStage).FullName!, stages);
        Assert.Contains(typeof(Guardrails.Core.Budgets.BudgetEvaluationJob).FullName!, stages);
        Assert.Contains(typeof(Guardrails.Core.PullRequests.PullRequestCheckRunner).FullName!, stages);
    }
}
