using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Notifications;
using Guardrails.Infrastructure.Notifications;

namespace Guardrails.Cli.Commands.Budgets;

/// <summary><c>guardrails alerts test --channel NAME</c>: sends a sample card to a configured channel.</summary>
public sealed class AlertsTestCommand(IAnsiConsole? console = null, TimeProvider? time = null) : AsyncCommand<AlertsTestCommand.Settings>
{
    private readonly IAnsiConsole _console = console ?? AnsiConsole.Console;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public sealed class Settings : Hosting.ConfigFileSettings
    {
        [CommandOption("--channel <NAME>")]
        [Description("A channel name from the channels: section")]
        public string Channel { get; init; } = "";

        [CommandOption("--sink <DIR_OR_URL>")]
        [Description(BudgetRunner.SinkHelp)]
        public string? Sink { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Channel) ? ValidationResult.Error("--channel is required") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var (config, configPath) = BudgetRunner.LoadConfig(settings.Config, "channels:");
            if (!config.Channels.ContainsKey(settings.Channel))
            {
                Console.Error.WriteLine($"error: channel '{settings.Channel}' is not declared in {configPath} (channels: {string.Join(", ", config.Channels.Keys)})");
                return 2;
            }
            using var http = NotificationHttp.CreateClient(new NotificationRetryOptions { MaxRetryAttempts = 2 });
            var channel = BudgetRunner.Channels(config, settings.Sink, http).Resolve(settings.Channel)!;
            await channel.SendAsync(Sample(_time.GetUtcNow()), cancellationToken);
            _console.MarkupLineInterpolated($"[green]Sent[/] a sample {channel.Kind} card to channel '{settings.Channel}'.");
            return 0;
        }
        catch (ConfigException e)
        {
            return Hosting.CliConfig.Fail(e);
        }
        catch (Exception e) when (e is AlertDeliveryException or InvalidOperationException or IOException)
        {
            // Messages name the channel, the setting and the status; never the webhook URL.
            Console.Error.WriteLine($"error: {e.Message.Split('\n')[0].Trim()}");
            return 1;
        }
    }

    /// <summary>A clearly-labelled sample alert.</summary>
    internal static AlertNotification Sample(DateTimeOffset now) => new()
    {
        AlertId = "guardrails-test-" + now.ToUnixTimeSeconds(),
        BudgetName = "sample",
        Kind = AlertKind.Forecast,
        Threshold = "100",
        Severity = "info",
        Period = now.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
        Title = "Guardrails test alert: this channel is connected",
        Summary = "This is a sample card sent by `guardrails alerts test`. Real alerts show spend against the budget, the forecast and breach date, and the top cost drivers.",
        Scope = "team=sample",
        Currency = "USD",
        Amount = 1000m,
        Spent = 640m,
        PercentUsed = 64m,
        Forecast = 1080m,
        ForecastLow = 990m,
        ForecastHigh = 1170m,
        BreachDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(5),
        TopDrivers = [new CostDriver("/subscriptions/sample/resourceGroups/rg-sample/providers/Microsoft.Compute/virtualMachines/gpu-sample-01", "gpu-sample-01", "Standard_NC24ads_A100_v4", 512m, 0m)],
        CreatedAt = now,
    };
}
