using System.ComponentModel;
using Guardrails.Cli.Hosting;
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

        [CommandOption("--store <CONNECTION>")]
        [Description("Storage connection string of the ledger (e.g. UseDevelopmentStorage=true): adds \"team vision has $Y left; forecast breach on the 27th\" from the budgets of --budgets.")]
        public string? Store { get; init; }

        [CommandOption("--budgets <FILE>")]
        [Description("guardrails.yaml with budgets: for --store (default: the config above).")]
        public string? Budgets { get; init; }

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
        // --config, else $GuardrailsConfigPath, else the --head directory's guardrails.yaml (named on stderr when used).
        var configPath = Hosting.CliConfig.ResolvePath(settings.Config);
        if (configPath is null && FirstExisting(Path.Combine(settings.Head, "guardrails.yaml"), Path.Combine(settings.Head, "guardrails.yml")) is { } found)
        {
            await Console.Error.WriteLineAsync($"config: {found} (in the --head directory)");
            configPath = found;
        }
        PullRequestConfig config;
        try
        {
            config = configPath is null ? new PullRequestConfig() : Hosting.CliConfig.Load(configPath).PullRequests;
        }
        catch (ConfigException e)
        {
            return Hosting.CliConfig.Fail(e);
        }
        IBudgetContextProvider? budgets = null;
        if (!string.IsNullOrWhiteSpace(settings.Store))
        {
            try
            {
                var (create, why) = await Hosting.LocalBudgets.OpenAsync(settings.Store, settings.Budgets ?? configPath, cancellationToken: cancellationToken);
                budgets = create?.Invoke(TimeProvider.System);
                if (budgets is null) await Console.Error.WriteLineAsync($"estimate: no budget context: {why}");
            }
            catch (ConfigException e)
            {
                return Hosting.CliConfig.Fail(e);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
            {
                await Console.Error.WriteLineAsync($"estimate: cannot read the ledger at --store: {(e is AggregateException a ? a.InnerExceptions[^1].Message : e.Message)}");
                return 1;
            }
        }
        var run = await PullRequestEstimation.RunAsync(settings.Base, settings.Head, config, settings.Region, TimeProvider.System, cancellationToken, budgets);
        if (settings.Json) Console.Out.Write(PullRequestEstimation.Json(run) + "\n");
        else if (settings.Markdown) Console.Out.Write(run.Markdown);
        else WriteTable(run);
        return 0;
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);

    private static void WriteTable(PullRequestEstimation.Result run)
    {
        var e = run.Estimate;
        var table = new Table().AddColumns("File", "Resource", "SKU", "Qty", "Before", "After", "Diff").Numbers(3, 4, 5, 6);
        foreach (var r in e.Resources)
            table.AddRow(Markup.Escape(r.File), Markup.Escape(r.Name), Markup.Escape(r.Sku ?? ""), r.Quantity.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                r.BaseMonthlyCost is { } b ? Money.Format(b, e.Currency) : "-", r.HeadMonthlyCost is { } h ? Money.Format(h, e.Currency) : "-",
                Money.FormatSigned(r.DiffMonthlyCost, e.Currency));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Monthly: {Money.Format(e.BaseMonthlyCost, e.Currency)} → {Money.Format(e.HeadMonthlyCost, e.Currency)} ([bold]{Markup.Escape(Money.FormatSigned(e.DiffMonthlyCost, e.Currency))}[/])");
        foreach (var u in e.Unpriced) AnsiConsole.MarkupLine($"[yellow]not priced[/] {Markup.Escape(u.File)} {Markup.Escape(u.Name)}: {Markup.Escape(u.Reason)}");
        foreach (var b in run.Budgets)
            AnsiConsole.MarkupLine(Markup.Escape($"Budget: team {b.Budget.Team} has {Money.Format(b.Budget.Remaining, b.Budget.Currency)} left this month"
                + (b.Budget.ForecastBreachDate is { } d ? $"; forecast breach on {d:yyyy-MM-dd}" : "")
                + $"; this change adds {Money.Format(b.AddedThisPeriod, b.Budget.Currency)} before the month ends{(b.WouldBreach ? " (over budget)" : "")}."));
    }
}

/// <summary>The estimate + policies + gate + comment for two directories, as the PR check would produce them.</summary>
public static class PullRequestEstimation
{
    public sealed record Result(CostEstimate Estimate, IReadOnlyList<PolicyResult> Policies, GateResult Gate, string Markdown)
    {
        /// <summary>The teams' budgets the change touches (empty without a budget context).</summary>
        public IReadOnlyList<BudgetImpact> Budgets { get; init; } = [];
    }

    /// <summary>The estimate's JSON, with "budgets" when a budget context was given.</summary>
    public static string Json(Result run)
    {
        var json = EstimateJson.Write(run.Estimate);
        if (run.Budgets.Count == 0) return json;
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node["budgets"] = new System.Text.Json.Nodes.JsonArray(run.Budgets.Select(b => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
        {
            ["team"] = b.Budget.Team,
            ["budget"] = b.Budget.BudgetName,
            ["currency"] = b.Budget.Currency,
            ["remaining"] = b.Budget.Remaining,
            ["forecastBreachDate"] = b.Budget.ForecastBreachDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["addedThisPeriod"] = b.AddedThisPeriod,
            ["wouldBreach"] = b.WouldBreach,
        }).ToArray());
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static async Task<Result> RunAsync(string? baseDir, string headDir, PullRequestConfig config, string? region,
        TimeProvider time, CancellationToken cancellationToken, IBudgetContextProvider? budgets = null)
    {
        var baseSide = baseDir is null ? new IacParseResult() : IacReader.ReadDirectory(baseDir);
        var headSide = IacReader.ReadDirectory(headDir);
        var estimator = new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config);
        var estimate = await estimator.EstimateAsync(baseSide, headSide, new EstimateOptions(region), cancellationToken);
        var policyEvaluator = new CostPolicyEvaluator(config.Policies, VmSkuCatalog.Default, config.DefaultTeam);
        var policies = policyEvaluator.Evaluate(estimate);
        // The same budget line as the PR check: per team of the changed resources, what its budget has left.
        var impacts = new List<BudgetImpact>();
        if (budgets is not null)
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            foreach (var team in estimate.Resources.Where(r => r.DiffMonthlyCost != 0)
                         .GroupBy(r => policyEvaluator.TeamOf(r.HeadResource ?? r.BaseResource!), StringComparer.OrdinalIgnoreCase))
                if (await budgets.GetBudgetContextAsync(team.Key, cancellationToken) is { } ctx)
                    impacts.Add(CostGate.Impact(ctx, team.Sum(r => r.DiffMonthlyCost), today));
        }
        var gate = CostGate.Evaluate(estimate, policies, impacts, config.Gate, null);
        var markdown = CostCommentRenderer.Render(new CostCommentModel(estimate, policies, impacts, gate, null, time.GetUtcNow(),
            SnapshotPriceCatalog.Default.AsOf));
        return new Result(estimate, policies, gate, markdown) { Budgets = impacts };
    }
}
