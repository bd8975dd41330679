using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Idle;
using Guardrails.Testing;
using Spectre.Console;

namespace Guardrails.Cli.Tests.Commands;

[Collection(ConsoleCaptureCollection.Name)]
public sealed class IdleCommandTests
{
    private static (int Code, string Console, string Json) Run(IdleCommand.Settings settings)
    {
        var console = new StringWriter();
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        ansi.Profile.Width = 160;
        var json = new StringWriter();
        var code = IdleCommand.RunAsync(settings, ansi, json).GetAwaiter().GetResult();
        return (code, console.ToString(), json.ToString());
    }

    private static IdleCommand.Settings Demo(bool json = false, bool explain = false) => new()
    {
        Config = Path.Combine(TestData.RepositoryRoot, "guardrails.yaml"),
        Telemetry = TestData.Sample("telemetry", "demo"),
        Json = json,
        Explain = explain,
    };

    [Fact]
    public void Demo_json_matches_the_golden_file()
    {
        var (code, _, json) = Run(Demo(json: true));
        Assert.Equal(0, code);
        GoldenFile.Verify(json, Path.Combine("testdata", "idle", "demo.json"));
    }

    [Fact]
    public void Demo_shows_every_kind_of_decision_in_dry_run()
    {
        var (code, text, _) = Run(Demo(explain: true));
        Assert.Equal(0, code);
        Assert.Contains("train-h100-01 → deallocate", text);
        Assert.Contains("train-h100-02 → skip", text);
        Assert.Contains("GPU 6: busy", text);
        Assert.Contains("dev-a100-01 → mark", text);
        Assert.Contains("dev-a100-02 → skip", text);
        Assert.Contains("telemetry covers 65% of the window", text);
        Assert.Contains("exempt: tag guardrails:exempt=true", text);
        Assert.Contains("notebook-t4-01 → notify", text);
        Assert.Contains("Dry-run: nothing was changed", text);
        Assert.Contains("100% (60/60)", text); // --explain: per-GPU coverage
    }

    [Fact]
    public void Bad_config_is_a_clear_error()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(bad, "policies:\n  - name: x\n    action: power-off\n");
        var oldError = Console.Error;
        using var stderr = new StringWriter();
        Console.SetError(stderr);
        int code;
        try
        {
            (code, _, _) = Run(new IdleCommand.Settings { Config = bad, Telemetry = TestData.Sample("telemetry", "demo") });
        }
        finally
        {
            Console.SetError(oldError);
        }
        Assert.Equal(2, code); // a config error: exit 2, as in every command
        Assert.Contains(":3: policies[0].action: 'power-off'", stderr.ToString());
    }

    [Fact]
    public void Sink_writes_the_owner_card_a_mark_would_send()
    {
        var sink = Directory.CreateTempSubdirectory("idle-sink").FullName;
        var (code, text, _) = Run(new IdleCommand.Settings
        {
            Config = TestData.Sample("telemetry", "policies.example.yaml"),
            Telemetry = TestData.Sample("telemetry", "demo"),
            Sink = sink,
        });
        Assert.Equal(0, code);
        Assert.Contains("owner notice (mark) for dev-a100-01 → teams-ml", text);
        var card = File.ReadAllText(Assert.Single(Directory.GetFiles(sink, "*.teams-ml.json")));
        Assert.Contains("\"AdaptiveCard\"", card);
        Assert.Contains("guardrails:snooze-until=", card);
        Assert.Contains("dev-a100-01", card);
    }

    [Fact]
    public void A_nan_cell_in_one_csv_quarantines_that_row_and_the_estate_is_still_evaluated()
    {
        var dir = Directory.CreateTempSubdirectory("idle-nan").FullName;
        foreach (var file in Directory.GetFiles(TestData.Sample("telemetry", "demo")))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var csv = Path.Combine(dir, "dev-a100-02.nvidia-smi.csv");
        var lines = File.ReadAllLines(csv);
        lines[2] = lines[2].Replace(", 0 %, 0 %,", ", NaN %, 0 %,", StringComparison.Ordinal);
        Assert.Contains("NaN %", lines[2]);
        File.WriteAllLines(csv, lines);

        var (code, text, _) = Run(new IdleCommand.Settings { Config = Path.Combine(TestData.RepositoryRoot, "guardrails.yaml"), Telemetry = dir, Explain = true });

        Assert.Equal(0, code);
        Assert.Contains("quarantined: dev-a100-02.nvidia-smi.csv, line 3, field 'utilization.gpu'", text.Replace("\n", "", StringComparison.Ordinal));
        Assert.Contains("train-h100-01 → deallocate", text); // the other files are evaluated as before
        Assert.Contains("dev-a100-01 → mark", text);
    }

    private static Guardrails.Core.Idle.IdleDecision Deallocate(string name, decimal hourly, string currency) => new()
    {
        Machine = new Guardrails.Core.Actions.ComputeMachine
        {
            ResourceId = $"/subscriptions/s/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/{name}",
            Name = name,
            SubscriptionId = "s",
            ResourceGroup = "ml",
            VmSize = "Standard_NC24ads_A100_v4",
        },
        Decision = Guardrails.Core.Idle.IdleDecisionKind.Deallocate,
        Reasons = ["idle"],
        Price = new Guardrails.Core.Pricing.PriceQuote("Standard_NC24ads_A100_v4", "eastus", Guardrails.Core.Pricing.VmOs.Linux,
            Guardrails.Core.Pricing.PriceOption.OnDemand, hourly, currency, new DateOnly(2026, 11, 1), "test"),
    };

    [Fact]
    public void The_hourly_saving_of_deallocations_is_given_per_currency_never_added_across_currencies()
    {
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        var result = new Guardrails.Core.Idle.IdleRunResult(DateTimeOffset.UnixEpoch,
            [Deallocate("a", 3.673m, "USD"), Deallocate("b", 1.5m, "USD"), Deallocate("c", 3.2m, "EUR")]);

        IdleCommand.WriteTable(result, console, explain: false);

        var output = text.ToString();
        Assert.Contains("Deallocations would save 3.20 EUR/h + 5.173 USD/h. Dry-run", output, StringComparison.Ordinal);
        Assert.Contains("3.673 USD/h", output, StringComparison.Ordinal); // each row's rate with its currency
        Assert.DoesNotContain("8.37", output, StringComparison.Ordinal); // 3.673 + 1.5 + 3.2: two currencies added
    }

    [Fact]
    public void A_deallocation_without_a_price_saves_an_unknown_amount_never_nothing()
    {
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        var result = new Guardrails.Core.Idle.IdleRunResult(DateTimeOffset.UnixEpoch,
            [Deallocate("a", 1.5m, "USD"), Deallocate("b", 1m, "USD") with { Price = null }]);

        IdleCommand.WriteTable(result, console, explain: false);

        Assert.Contains("Deallocations would save 1.50 USD/h + an unknown amount (1 unpriced). Dry-run", text.ToString(), StringComparison.Ordinal);
    }
}
