using System.Text.Json.Nodes;
using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;

namespace Guardrails.Core.Tests.Actions;

/// <summary>
/// Golden files for the owner card (testdata/actions/cards). To accept a deliberate change, run the tests with
/// GUARDRAILS_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public class OwnerNoticeCardsTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 14, 22, 0, 0, TimeSpan.Zero);
    private const string Vm = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-dev/providers/Microsoft.Compute/virtualMachines/gpu-h100-01";

    public static ActionNotice Notice(GuardrailActionKind kind) => new(
        new GuardrailActionRequest
        {
            Id = "idle-gpu-dev-0123abcd",
            ResourceId = Vm,
            Kind = kind,
            Origin = ActionOrigin.IdlePolicy,
            RequestedBy = "idle-gpu-dev",
            RequestedAt = Now,
            Reasons = ["idle for 60 min on 8 of 8 GPUs", "work < 5%, memory < 10%"],
            NotBefore = kind == GuardrailActionKind.Mark ? Now.AddHours(4) : null,
            HourlyCostSaved = 98.32m,
            Currency = "USD",
            Metrics = "coverage 100% (lowest GPU), max work 0.4%, max memory 0.6% over 8 GPU(s), max network 0.1 Mbit/s",
            DryRun = false,
        },
        new ComputeMachine
        {
            ResourceId = Vm,
            Name = "gpu-h100-01",
            SubscriptionId = "00000000-0000-0000-0000-000000000001",
            ResourceGroup = "ml-dev",
            VmSize = "Standard_ND96isr_H100_v5",
            PowerState = MachinePowerState.Running,
        },
        "ana@contoso.com",
        kind == GuardrailActionKind.Mark ? "Idle GPU machine gpu-h100-01 will be deallocated at 2026-07-15T02:00:00Z" : "Idle GPU machine gpu-h100-01",
        "gpu-h100-01 (Standard_ND96isr_H100_v5) has been idle: idle for 60 min on 8 of 8 GPUs <all> & quiet.");

    [Theory]
    [InlineData(GuardrailActionKind.Mark, "mark")]
    [InlineData(GuardrailActionKind.Notify, "notify")]
    public void Teams_card_matches_golden(GuardrailActionKind kind, string name) =>
        Golden($"teams-{name}.json", OwnerNoticeCards.RenderTeams(Notice(kind)));

    [Theory]
    [InlineData(GuardrailActionKind.Mark, "mark")]
    [InlineData(GuardrailActionKind.Notify, "notify")]
    public void Slack_card_matches_golden(GuardrailActionKind kind, string name) =>
        Golden($"slack-{name}.json", OwnerNoticeCards.RenderSlack(Notice(kind)));

    [Fact]
    public void A_dry_run_mark_says_what_would_happen_not_what_will()
    {
        var n = Notice(GuardrailActionKind.Mark);
        var request = n.Request with { DryRun = true };
        var notice = ActionExecutor.OwnerNotice(request, n.Machine, Now);

        Assert.Equal("Idle GPU machine gpu-h100-01 would be deallocated at 2026-07-15T02:00:00Z (dry run)", notice.Title);
        Assert.Contains("It would be deallocated at 2026-07-15T02:00:00Z if it were still idle then; this is a dry run, so nothing will be changed.", notice.Text);
        Assert.DoesNotContain("will be deallocated", notice.Title + notice.Text);
        var what = OwnerNoticeCards.WhatHappens(notice);
        Assert.StartsWith("Would tag ", what);
        Assert.EndsWith("dry run: nothing is changed", what);
    }

    [Fact]
    public void Mark_card_says_what_when_cost_metrics_and_how_to_snooze()
    {
        var raw = OwnerNoticeCards.RenderTeams(Notice(GuardrailActionKind.Mark));
        var card = JsonNode.Parse(raw)!["attachments"]![0]!["content"]!;
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        var facts = card["body"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "FactSet").Single()!["facts"]!.AsArray()
            .ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("idle-gpu-dev", facts["Policy"]);
        Assert.Equal("2026-07-15T02:00:00Z", facts["When"]);
        Assert.StartsWith("Deallocate at 2026-07-15T02:00:00Z", facts["What happens"]);
        Assert.Equal("98.32 USD/hour", facts["Cost while idle"]);
        Assert.Contains("max work 0.4%", facts["Metrics seen"]);
        Assert.Contains($"az resource tag --ids {Vm} --is-incremental --tags guardrails:snooze-until=2026-07-16T02:00:00Z", raw);
        Assert.Contains("guardrails:exempt=true", raw);
    }

    [Fact]
    public void Slack_escapes_control_characters_and_keeps_field_limit()
    {
        var message = JsonNode.Parse(OwnerNoticeCards.RenderSlack(Notice(GuardrailActionKind.Mark)))!;
        var blocks = message["blocks"]!.AsArray();
        Assert.Contains("&lt;all&gt; &amp; quiet", blocks[1]!["text"]!["text"]!.GetValue<string>());
        Assert.True(blocks[2]!["fields"]!.AsArray().Count <= 10);
        Assert.Contains("Owner: ana@contoso.com", blocks[1]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Policy_channels_must_exist_and_the_error_names_file_line_and_field()
    {
        var dir = Directory.CreateTempSubdirectory("owner-cards");
        var file = Path.Combine(dir.FullName, "guardrails.yaml");
        File.WriteAllText(file, """
            channels:
              ml-teams: { kind: teams, webhookUrlSetting: TEAMS_ML_WEBHOOK_URL }
            policies:
              - name: idle-gpu-dev
                action: mark-for-op
                channels: [ml-teams, ml-slack]
            """);
        var e = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.Load(file));
        var error = Assert.Single(e.Errors);
        Assert.Equal("policies[0].channels[1]", error.Field);
        Assert.Equal(6, error.Line);
        Assert.Contains("'ml-slack' is not declared", error.Message);
        Assert.Contains("guardrails.yaml", e.Message);

        File.WriteAllText(file, File.ReadAllText(file).Replace(", ml-slack", ""));
        var ok = GuardrailsConfigLoader.Load(file);
        Assert.Equal(["ml-teams"], ok.Policies[0].NoticeChannels);
        Assert.Equal("owner", ok.Policies[0].OwnerTag);
    }

    private static void Golden(string file, string actual) =>
        Guardrails.Testing.GoldenFile.Verify(actual, Path.Combine("testdata", "actions", "cards", file));
}
