using Guardrails.Cli.Commands.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Cli.Commands.Estimate;

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
        [Description("guardrails.yaml with a pullRequests: section (default: <base>/guardrails.yaml, the policy of the target branch; <head>/guardrails.yaml only without --base).")]
        public string? Config { get; init; }

        /// <summary>Where guardrails.yaml and the usage file are looked for when not given: the target branch's checkout, else the PR's.</summary>
        internal string PolicyDirectory => Base ?? Head;

        [CommandOption("--region <NAME>")]
        [Description("Price every resource in this region (default: its literal location, else pullRequests.defaultRegion).")]
        public string? Region { get; init; }

        [CommandOption("--store <CONNECTION>")]
        [Description("Storage connection string of the ledger (e.g. UseDevelopmentStorage=true): adds \"team vision has $Y left; forecast breach on the 27th\" from the budgets of --budgets.")]
        public string? Store { get; init; }

        [CommandOption("--budgets <FILE>")]
        [Description("guardrails.yaml with budgets: for --store (default: the config above).")]
        public string? Budgets { get; init; }

        /// <summary>The guardrails.yaml the budget context reads: --budgets, else the policy file in use.</summary>
        internal string? BudgetsFile(string? policyFile) => Budgets ?? policyFile;

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json (= --json) or markdown (= --markdown: the PR comment the check would post)")]
        public string? Format { get; init; }

        [CommandOption("--json")]
        [Description("= --format json")]
        public bool Json { get; init; }

        [CommandOption("--markdown")]
        [Description("Print the PR comment the check would post (= --format markdown).")]
        public bool Markdown { get; init; }

        /// <summary>--format with its --json and --markdown aliases: "table", "json" or "markdown"; ArgumentException when they contradict.</summary>
        internal string Output => ResolveOutput(Format, Json, Markdown);

        internal static string ResolveOutput(string? format, bool json, bool markdown)
        {
            if (json && markdown) throw new ArgumentException("choose one of --json and --markdown");
            var alias = json ? "json" : markdown ? "markdown" : null;
            if (string.IsNullOrWhiteSpace(format)) return alias ?? "table";
            var named = format.Trim().ToLowerInvariant();
            if (named is not ("table" or "json" or "markdown")) throw new ArgumentException($"--format: expected table, json or markdown, got '{format}'");
            if (alias is not null && alias != named) throw new ArgumentException($"--format {format} and --{alias} contradict each other: give one");
            return named;
        }

        [CommandOption("--usage-file <FILE>")]
        [Description("Expected usage per resource (node-hours/month, runs/month, hours/run), like Infracost's usage file (default: <base>/guardrails-usage.yml; <head>/… only without --base).")]
        public string? UsageFile { get; init; }

        [CommandOption("--fail-on <WHEN>")]
        [Description("Exit 1 when: 'gate' (the PR gate fails), 'increase:<amount>' (the monthly increase is above the amount, or a compute resource could not be priced), 'never' (default: always exit 0 once estimated). Bad input exits 2.")]
        public string FailOn { get; init; } = "never";

        internal FailOnRule? ParsedFailOn => FailOnRule.TryParse(FailOn, out var rule, out _) ? rule : null;

        [CommandOption("--at <TIME>")]
        [Description("Evaluate the budget context as of this UTC time, e.g. 2026-11-16T00:00:00Z (default: now). For a ledger of a past month.")]
        public string? At { get; init; }

        /// <summary>A checkout is a folder: a file given instead is named as such, not as a folder that does not exist.</summary>
        private static string NotAFolder(string option, string path) => File.Exists(path)
            ? $"{option}: '{path}' is a file: give the folder of the checkout that holds it (the change's IaC files are read from the whole folder)"
            : $"{option}: directory '{path}' does not exist";

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Head)) return ValidationResult.Error("--head is required");
            if (!Directory.Exists(Head)) return ValidationResult.Error(NotAFolder("--head", Head));
            try { _ = Output; }
            catch (ArgumentException e) { return ValidationResult.Error(e.Message); }
            if (Base is not null && !Directory.Exists(Base)) return ValidationResult.Error(NotAFolder("--base", Base));
            if (!FailOnRule.TryParse(FailOn, out _, out var why)) return ValidationResult.Error($"--fail-on: {why}");
            if (At is not null && !DateTimeOffset.TryParse(At, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out _))
                return ValidationResult.Error($"--at: '{At}' is not a UTC time (e.g. 2026-11-16T00:00:00Z)");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // The policy is the target branch's (as in the PR check): a change cannot loosen the gate that judges it.
        // --config, else $GuardrailsConfigPath, else the --base (or --head) directory's guardrails.yaml (named on stderr when used).
        var policyDir = settings.PolicyDirectory;
        var (configPath, repositoryPolicy) = await PolicyFileAsync(settings, policyDir).ConfigureAwait(false);
        var notices = new List<string>();
        if (settings.Config is null && settings.Base is not null && Changed(settings.Base, settings.Head, "guardrails.yaml", "guardrails.yml")) notices.Add(PullRequestChecker.PolicyChangedNotice);
        PullRequestConfig config;
        Core.PullRequests.UsageFile usage;
        var usagePath = settings.UsageFile ?? FirstExisting(Path.Combine(policyDir, Core.PullRequests.UsageFile.FileName));
        if (settings.UsageFile is not null && !File.Exists(settings.UsageFile))
        {
            await Console.Error.WriteLineAsync($"error: --usage-file: '{settings.UsageFile}' does not exist");
            return 2;
        }
        if (settings.UsageFile is null && settings.Base is not null && Changed(settings.Base, settings.Head, Core.PullRequests.UsageFile.FileName))
            notices.Add(PullRequestChecker.UsageChangedNotice);
        try
        {
            // A repository's own guardrails.yaml is read as the PR check reads it (its pullRequests: section); a file given
            // with --config or GuardrailsConfigPath goes through the one CLI loader, like every command's.
            config = configPath is null ? new PullRequestConfig()
                : repositoryPolicy ? PullRequestConfigReader.Load(configPath)
                : Hosting.CliConfig.Load(configPath).PullRequests;
            usage = usagePath is null ? Core.PullRequests.UsageFile.Empty : Core.PullRequests.UsageFile.Parse(File.ReadAllText(usagePath), usagePath);
        }
        catch (ConfigException e)
        {
            return Hosting.CliConfig.Fail(e);
        }
        TimeProvider time = settings.At is null ? TimeProvider.System
            : new IdleCommand.FixedTimeProvider(DateTimeOffset.Parse(settings.At, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal));
        var (budgets, budgetsExit) = await BudgetsAsync(settings, configPath, time, cancellationToken).ConfigureAwait(false);
        if (budgetsExit is { } exit) return exit;
        var run = await PullRequestEstimation.RunAsync(settings.Base, settings.Head, config, settings.Region, time, cancellationToken, budgets,
            notices, usage);
        if (settings.Output == "json") Console.Out.Write(PullRequestEstimation.Json(run) + "\n");
        else if (settings.Output == "markdown") Console.Out.Write(run.Markdown);
        else WriteTable(run);
        var failure = settings.ParsedFailOn!.Failure(run.Estimate, run.Gate);
        if (failure is null) return 0;
        await Console.Error.WriteLineAsync($"estimate: --fail-on {settings.FailOn}: {failure}");
        return 1;
    }

    /// <summary>The policy file: --config, else $GuardrailsConfigPath, else the --base (or --head) directory's guardrails.yaml
    /// (named on stderr; a repository's own policy, read as the PR check reads it).</summary>
    private static async Task<(string? Path, bool RepositoryPolicy)> PolicyFileAsync(Settings settings, string policyDir)
    {
        var configPath = Hosting.CliConfig.ResolvePath(settings.Config);
        if (configPath is not null || FirstExisting(Path.Combine(policyDir, "guardrails.yaml"), Path.Combine(policyDir, "guardrails.yml")) is not { } found)
            return (configPath, false);
        await Console.Error.WriteLineAsync($"config: {found} (in the {(settings.Base is null ? "--head" : "--base")} directory)").ConfigureAwait(false);
        return (found, true);
    }

    /// <summary>With --store: the budget context of the PR comment from the stored ledger (null with the reason on stderr when
    /// there is none); an exit code when the config or the ledger cannot be read.</summary>
    private static async Task<(IBudgetContextProvider? Budgets, int? ExitCode)> BudgetsAsync(Settings settings, string? configPath, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Store)) return (null, null);
        try
        {
            var (create, why) = await Hosting.LocalBudgets.OpenAsync(settings.Store, settings.BudgetsFile(configPath), cancellationToken: cancellationToken);
            var budgets = create?.Invoke(time);
            if (budgets is null) await Console.Error.WriteLineAsync($"estimate: no budget context: {why}");
            return (budgets, null);
        }
        catch (ConfigException e)
        {
            return (null, Hosting.CliConfig.Fail(e));
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"error: estimate: cannot read the ledger at --store: {(e is AggregateException a ? a.InnerExceptions[^1].Message : e.Message)}");
            return (null, 1);
        }
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);

    private static bool Changed(string baseDir, string headDir, params string[] names)
    {
        foreach (var name in names)
        {
            var b = Path.Combine(baseDir, name);
            var h = Path.Combine(headDir, name);
            if (File.Exists(b) != File.Exists(h)) return true;
            if (File.Exists(b) && File.ReadAllText(b) != File.ReadAllText(h)) return true;
        }
        return false;
    }

    private static void WriteTable(PullRequestEstimation.Result run)
    {
        var e = run.Estimate;
        var table = new Table().AddColumns("File", "Resource", "SKU", "Qty", "Before", "After", "Diff").Numbers(3, 4, 5, 6);
        foreach (var r in e.Resources)
            table.AddRow(Markup.Escape(r.File), Markup.Escape(r.Name), Markup.Escape(r.Sku ?? ""), r.Quantity.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                r.BaseMonthlyCost is { } b ? Money.Format(b, e.Currency) : "-", r.HeadMonthlyCost is { } h ? Money.Format(h, e.Currency) : "-",
                Money.FormatSigned(r.DiffMonthlyCost, e.Currency));
        AnsiConsole.Console.WriteWhole(table);
        AnsiConsole.MarkupLine($"Monthly: {Money.Format(e.BaseMonthlyCost, e.Currency)} → {Money.Format(e.HeadMonthlyCost, e.Currency)} ([bold]{Markup.Escape(Money.FormatSigned(e.DiffMonthlyCost, e.Currency))}[/])");
        foreach (var f in e.ParseErrors) AnsiConsole.MarkupLine($"[yellow]not priced[/] {Markup.Escape(f.Error.ToString())} ({f.Side})");
        foreach (var u in e.Unpriced) AnsiConsole.MarkupLine($"[yellow]not priced[/] {Markup.Escape(u.Location)} {Markup.Escape(u.Name)}: {Markup.Escape(u.Reason)}");
        AnsiConsole.MarkupLine(Markup.Escape($"Gate: {(run.Gate.State == GateState.Success ? "passed" : "failed")}: {run.Gate.Description}"));
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
        TimeProvider time, CancellationToken cancellationToken, IBudgetContextProvider? budgets = null, IReadOnlyList<string>? notices = null,
        UsageFile? usage = null)
    {
        var baseSide = baseDir is null ? new IacParseResult() : IacReader.ReadDirectory(baseDir);
        var headSide = IacReader.ReadDirectory(headDir);
        var estimator = new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config, usage);
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
            SnapshotPriceCatalog.Default.AsOf, notices));
        return new Result(estimate, policies, gate, markdown) { Budgets = impacts };
    }
}
