using System.ComponentModel;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Guardrails.Cli.Commands;

/// <summary><c>guardrails estimate --base DIR --head DIR</c>: the monthly cost difference of an IaC change (like <c>infracost diff</c>).</summary>
public sealed class EstimateCommand : AsyncCommand<EstimateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--base <DIR>")]
        [Description("Directory with the target branch's IaC files (may be missing: everything is new).")]
        public string? Base { get; init; }

        [CommandOption("--head <DIR>")]
        [Description("Directory with the PR branch's IaC files.")]
        public string Head { get; init; } = "";

        [CommandOption("--config <FILE>")]
        [Description("guardrails.yaml with a pullRequests: section (default: <head>/guardrails.yaml when present).")]
        public string? Config { get; init; }

        [CommandOption("--region <NAME>")]
        [Description("Price every resource in this region (default: its literal location, else pullRequests.defaultRegion).")]
        public string? Region { get; init; }

        [CommandOption("--json")]
        public bool Json { get; init; }

        [CommandOption("--markdown")]
        [Description("Print the PR comment the check would post.")]
        public bool Markdown { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Head)) return ValidationResult.Error("--head is required");
            if (!Directory.Exists(Head)) return ValidationResult.Error($"--head: directory '{Head}' does not exist");
            if (Json && Markdown) return ValidationResult.Error("choose one of --json and --markdown");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var configPath = settings.Config ?? FirstExisting(Path.Combine(settings.Head, "guardrails.yaml"), Path.Combine(settings.Head, "guardrails.yml"));
        PullRequestConfig config;
        try
        {
            config = configPath is null ? new PullRequestConfig() : PullRequestConfigReader.Load(configPath);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        var run = await PullRequestEstimation.RunAsync(settings.Base, settings.Head, config, settings.Region, TimeProvider.System, cancellationToken);
        if (settings.Json) Console.Out.Write(EstimateJson.Write(run.Estimate) + "\n");
        else if (settings.Markdown) Console.Out.Write(run.Markdown);
        else WriteTable(run.Estimate);
        return 0;
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);

    private static void WriteTable(CostEstimate e)
    {
        var table = new Table().AddColumns("File", "Resource", "SKU", "Qty", "Before", "After", "Diff");
        foreach (var r in e.Resources)
            table.AddRow(Markup.Escape(r.File), Markup.Escape(r.Name), Markup.Escape(r.Sku ?? ""), r.Quantity.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                r.BaseMonthlyCost is { } b ? Money.Format(b, e.Currency) : "-", r.HeadMonthlyCost is { } h ? Money.Format(h, e.Currency) : "-",
                Money.FormatSigned(r.DiffMonthlyCost, e.Currency));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Monthly: {Money.Format(e.BaseMonthlyCost, e.Currency)} → {Money.Format(e.HeadMonthlyCost, e.Currency)} ([bold]{Markup.Escape(Money.FormatSigned(e.DiffMonthlyCost, e.Currency))}[/])");
        foreach (var u in e.Unpriced) AnsiConsole.MarkupLine($"[yellow]not priced[/] {Markup.Escape(u.File)} {Markup.Escape(u.Name)}: {Markup.Escape(u.Reason)}");
    }
}

/// <summary>The estimate + policies + gate + comment for two directories, as the PR check would produce them.</summary>
public static class PullRequestEstimation
{
    public sealed record Result(CostEstimate Estimate, IReadOnlyList<PolicyResult> Policies, GateResult Gate, string Markdown);

    public static async Task<Result> RunAsync(string? baseDir, string headDir, PullRequestConfig config, string? region,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var baseSide = baseDir is null ? new IacParseResult() : IacReader.ReadDirectory(baseDir);
        var headSide = IacReader.ReadDirectory(headDir);
        var estimator = new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config);
        var estimate = await estimator.EstimateAsync(baseSide, headSide, new EstimateOptions(region), cancellationToken);
        var policies = new CostPolicyEvaluator(config.Policies, VmSkuCatalog.Default, config.DefaultTeam).Evaluate(estimate);
        var gate = CostGate.Evaluate(estimate, policies, [], config.Gate, null);
        var markdown = CostCommentRenderer.Render(new CostCommentModel(estimate, policies, [], gate, null, time.GetUtcNow(),
            SnapshotPriceCatalog.Default.AsOf));
        return new Result(estimate, policies, gate, markdown);
    }
}
