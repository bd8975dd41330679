using Guardrails.Core.Actions;
using Guardrails.Core.Events;
using Guardrails.Core.Idle;
using Guardrails.Functions.Startup;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Guardrails.Functions.Tests.Startup;

/// <summary>The one composition's rules: connections in either form, never the emulator by accident, one message format, the dry-run switch.</summary>
public sealed class CompositionTests
{
    private static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    private const string InAzure = "WEBSITE_INSTANCE_ID";

    [Fact]
    public void An_account_name_alone_reaches_all_three_services_of_that_account_with_the_identity()
    {
        var options = StorageConnections.Read(Settings(("GuardrailsStorage:accountName", "stguardrails"), ("GuardrailsStorage:credential", "managedidentity"),
            ("GuardrailsStorage:clientId", "11111111-2222-3333-4444-555555555555")), AppSettings.Storage, new HostEnvironment(false));
        var clients = new StorageClients(options, new Guardrails.Testing.TestArmCredential());

        Assert.Equal(new Uri("https://stguardrails.queue.core.windows.net/"), clients.Queues.Uri);
        Assert.Equal(new Uri("https://stguardrails.table.core.windows.net/"), clients.Tables.Uri);
        Assert.Equal(new Uri("https://stguardrails.blob.core.windows.net/"), clients.Blobs.Uri);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(StorageClients.CredentialFor(options, null));
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")]
    public void Outside_local_development_an_emulator_connection_stops_start_up_naming_the_setting(string connection)
    {
        var ex = Assert.Throws<AppSettingException>(() =>
            new ServiceCollection().AddLedger(Settings((InAzure, "abc"), ("GuardrailsStorage", connection))));
        Assert.Contains("'GuardrailsStorage' points at the local storage emulator", ex.Message);
    }

    [Fact]
    public void Outside_local_development_service_uris_on_loopback_are_the_emulator_too()
    {
        var ex = Assert.Throws<AppSettingException>(() => new ServiceCollection().AddBudgets(Settings((InAzure, "abc"),
            ("GuardrailsStorage:blobServiceUri", "http://127.0.0.1:10000/devstoreaccount1"), ("GuardrailsStorage:queueServiceUri", "http://127.0.0.1:10001/devstoreaccount1"),
            ("GuardrailsStorage:tableServiceUri", "http://127.0.0.1:10002/devstoreaccount1"))));
        Assert.Contains("GuardrailsStorage", ex.Message);
    }

    [Fact]
    public void Locally_a_missing_connection_is_the_emulator_and_development_is_honoured_even_on_an_instance()
    {
        var local = StorageConnections.Read(Settings(), AppSettings.Storage, HostEnvironment.From(Settings()));
        Assert.Equal(StorageConnectionOptions.DevelopmentStorage, local.ConnectionString);
        Assert.True(HostEnvironment.From(Settings((InAzure, "abc"), ("AZURE_FUNCTIONS_ENVIRONMENT", "Development"))).IsLocalDevelopment);
        Assert.False(HostEnvironment.From(Settings((InAzure, "abc"), ("AZURE_FUNCTIONS_ENVIRONMENT", "Production"))).IsLocalDevelopment);
    }

    [Fact]
    public void An_incomplete_identity_connection_names_what_is_missing()
    {
        var ex = Assert.Throws<AppSettingException>(() => StorageConnections.Read(Settings(("GuardrailsStorage:blobServiceUri", "https://a.blob.core.windows.net")),
            AppSettings.Storage, new HostEnvironment(false)));
        Assert.Contains("'GuardrailsStorage__queueServiceUri'", ex.Message);
        Assert.Contains("'GuardrailsStorage__tableServiceUri'", ex.Message);
    }

    [Fact]
    public void The_pull_request_queue_lives_in_the_apps_storage_not_in_the_hosts_emulator_fallback()
    {
        // As deployed: the host's storage is identity-based (AzureWebJobsStorage__accountName), so "AzureWebJobsStorage" is null.
        var settings = Settings((InAzure, "abc"), ("AzureWebJobsStorage:accountName", "sthost"), ("GuardrailsStorage:accountName", "stguardrails"),
            ("GitHub:WebhookSecret", "s"), ("GitHub:Token", "t"));
        var services = new ServiceCollection();
        services.AddSingleton<Azure.Core.TokenCredential>(new Guardrails.Testing.TestArmCredential());
        services.AddPullRequestChecks(settings);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(new Uri("https://stguardrails.queue.core.windows.net/"), provider.GetRequiredService<StorageClients>().Queues.Uri);
        Assert.IsType<StoragePullRequestCheckQueue>(provider.GetRequiredService<Guardrails.Core.PullRequests.IPullRequestCheckQueue>());
    }

    [Fact]
    public void A_Key_Vault_reference_Azure_could_not_resolve_is_not_a_secret()
    {
        var options = PullRequestChecksRegistration.ReadGitHubOptions(Settings(
            ("GitHub:WebhookSecret", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/github-webhook-secret)"), ("GitHub:Token", "ghs_real")));
        Assert.Null(options.WebhookSecret);
        Assert.Equal("ghs_real", options.Token);
    }

    [Fact]
    public void Idle_scopes_come_as_a_list_or_as_one_comma_separated_setting()
    {
        var joined = IdleRegistration.ReadOptions(Settings(("Idle:Scopes", "/subscriptions/a, /subscriptions/b/resourceGroups/ml;/subscriptions/c")));
        var listed = IdleRegistration.ReadOptions(Settings(("Idle:Scopes:0", "/subscriptions/a"), ("Idle:Scopes:1", "/subscriptions/b")));
        Assert.Equal(["/subscriptions/a", "/subscriptions/b/resourceGroups/ml", "/subscriptions/c"], joined.Scopes);
        Assert.Equal(["/subscriptions/a", "/subscriptions/b"], listed.Scopes);
    }

    [Fact]
    public void Both_hosts_resolve_idle_scopes_and_idle_cost_keys_from_the_configuration_the_same_way()
    {
        var config = new Guardrails.Core.Configuration.GuardrailsConfig
        {
            Allocation = new() { Keys = [new() { Name = "team" }, new() { Name = "model" }] },
            Policies = [new() { Name = "p", Scope = new() { Subscriptions = ["00000000-0000-0000-0000-0000000000e1"], ResourceGroups = ["ml-train"] } }],
        };
        var services = new ServiceCollection();
        services.AddSingleton(config);
        services.AddIdle(Settings(("GuardrailsStorage", "UseDevelopmentStorage=true")));
        using var provider = services.BuildServiceProvider();
        var app = provider.GetRequiredService<IdleOptions>();
        var cli = IdleSettings.Complete(new IdleOptions(), config, allocationKeysGiven: false);

        Assert.Equal(["team", "model"], app.AllocationKeys); // the ledger's keys, not the old fixed [team, project]
        Assert.Equal(["/subscriptions/00000000-0000-0000-0000-0000000000e1/resourceGroups/ml-train"], app.Scopes);
        Assert.Equal(app.AllocationKeys, cli.AllocationKeys);
        Assert.Equal(app.Scopes, cli.Scopes);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", false)]
    [InlineData("yes", false)]
    [InlineData("False", true)]
    public void Actions_are_real_only_when_Actions__DryRun_is_false(string? value, bool enabled)
    {
        Assert.Equal(enabled, IdleRegistration.ActionsEnabled(Settings(("Actions:DryRun", value))));
    }

    [Fact]
    public async Task With_Actions__DryRun_true_a_request_whose_policy_allows_acting_is_still_a_dry_run()
    {
        var compute = Substitute.For<IComputeActions>();
        var inventory = Substitute.For<IComputeInventory>();
        var vm = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1";
        inventory.GetMachineAsync(vm, Arg.Any<CancellationToken>()).Returns(new ComputeMachine
        {
            ResourceId = vm,
            Name = "vm1",
            ResourceGroup = "rg",
            SubscriptionId = "s",
            VmSize = "Standard_NC24ads_A100_v4",
            PowerState = MachinePowerState.Running,
        });
        var services = new ServiceCollection();
        services.AddSingleton(compute);
        services.AddSingleton(inventory);
        var now = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        services.AddIdle(Settings(("Actions:DryRun", "true")));
        await using var provider = services.BuildServiceProvider();
        var audit = new Guardrails.Core.Actions.InMemoryActionAuditLog();
        var executor = new ActionExecutor(inventory, compute, audit, NullEventPublisher.Instance, NullActionNotifier.Instance, new FakeTimeProvider(now),
            provider.GetRequiredService<ActionExecutorOptions>());

        var outcome = await executor.ExecuteAsync(new GuardrailActionRequest
        {
            Id = "r1",
            ResourceId = vm,
            Kind = GuardrailActionKind.Deallocate,
            Origin = ActionOrigin.SpendingLimit,
            RequestedBy = "vision",
            RequestedAt = now,
            DryRun = false,
        });

        Assert.Equal(ActionOutcomeStatus.DryRun, outcome.Status);
        await compute.DidNotReceiveWithAnyArgs().DeallocateAsync(default!, default);
        var entry = Assert.Single(audit.Entries);
        Assert.True(entry.DryRun);
        Assert.Equal(["dry-run: would deallocate", IdleRegistration.ActionsDisabledReason], entry.Reasons);
    }

    [Fact]
    public void A_spending_limit_request_survives_the_queue_with_its_enums_by_name()
    {
        var request = new GuardrailActionRequest
        {
            Id = "budget-vision-limit-100",
            ResourceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
            Kind = GuardrailActionKind.Deallocate,
            Origin = ActionOrigin.SpendingLimit,
            RequestedBy = "vision",
            RequestedAt = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero),
            Reasons = ["budget vision spent 105%"],
            DryRun = false,
            Currency = "USD",
        };
        var message = ActionRequestMessage.Serialize(request);

        Assert.Contains("\"kind\":\"deallocate\"", message);
        Assert.Contains("\"origin\":\"spendingLimit\"", message);
        var parsed = ActionRequestMessage.Parse(message);
        Assert.Equal(request with { Reasons = parsed.Reasons }, parsed);
        Assert.Equal(request.Reasons, parsed.Reasons);
        // Messages written before names (numbers) and by the old budgets writer (PascalCase names) still parse.
        Assert.Equal(GuardrailActionKind.Deallocate, ActionRequestMessage.Parse(message.Replace("\"deallocate\"", "2", StringComparison.Ordinal)).Kind);
        Assert.Equal(ActionOrigin.SpendingLimit, ActionRequestMessage.Parse(message.Replace("\"spendingLimit\"", "\"SpendingLimit\"", StringComparison.Ordinal)).Origin);
        Assert.Throws<FormatException>(() => ActionRequestMessage.Parse("""{"kind":"explode"}"""));
    }
}

/// <summary>Every function class can be activated from the container Program.cs builds (its stores reach Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionActivationTests(Guardrails.Testing.AzuriteFixture azurite)
{
    [Fact]
    public void Program_composes_every_function_class_the_app_has()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGuardrailsFunctionApp(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("GuardrailsStorage", (string?)azurite.ConnectionString)]).Build());
        using var provider = services.BuildServiceProvider();
        var functionClasses = typeof(Guardrails.Functions.Functions.DiscoverExports).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Length > 0)).ToList();

        Assert.True(functionClasses.Count >= 9, $"found only {functionClasses.Count} function classes");
        foreach (var type in functionClasses) Assert.NotNull(ActivatorUtilities.CreateInstance(provider, type));
    }
}
