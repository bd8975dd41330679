using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.Pricing;
using Guardrails.Infrastructure.PullRequests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Guardrails.Functions.Tests.Startup;

public sealed class PullRequestChecksRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["GuardrailsStorage"] = "UseDevelopmentStorage=true";
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddPullRequestChecks(config).BuildServiceProvider();
    }

    [Fact]
    public void Bad_retail_price_settings_fail_validation_naming_them()
    {
        using var sp = Build(new() { ["RetailPrices:MaxLiveLookupsPerCheck"] = "-1", ["RetailPrices:ApiUrl"] = "not a url", ["RetailPrices:LookupTimeout"] = "00:30:00" });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RetailPricesOptions>>().Value);

        Assert.Contains("MaxLiveLookupsPerCheck", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ApiUrl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LookupTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prices_are_the_cache_asked_live_on_a_miss_then_the_snapshot_with_the_defaults()
    {
        using var sp = Build([]);

        var options = sp.GetRequiredService<RetailPricesOptions>();
        Assert.Equal((RetailPricesClient.DefaultBaseUrl, 10, TimeSpan.FromDays(7)), (options.ApiUrl, options.MaxLiveLookupsPerCheck, options.NegativeCacheTtl));
        Assert.IsAssignableFrom<IPerCheckPriceCatalog>(sp.GetRequiredService<IPriceCatalog>());
        Assert.NotNull(sp.GetRequiredService<LiveRetailPriceCatalog>());
    }

    [Fact]
    public void A_bicep_registry_that_is_not_a_host_name_fails_validation_naming_the_setting()
    {
        using var sp = Build(new() { ["BicepRegistry:AllowedHosts"] = "mcr.microsoft.com, https://evil.example/x" });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<BicepRegistryOptions>>().Value);

        Assert.Contains("BicepRegistry__AllowedHosts: 'https://evil.example/x' is not a registry host name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_check_may_fetch_bicep_modules_from_the_public_registry_only_by_default()
    {
        using var sp = Build([]);

        Assert.Equal(["mcr.microsoft.com"], sp.GetRequiredService<IOptions<BicepRegistryOptions>>().Value.Hosts);
        Assert.IsType<OciBicepModuleRegistry>(sp.GetRequiredService<IBicepModuleRegistry>()); // that it asks no other host: OciBicepModuleRegistryTests
    }
}
