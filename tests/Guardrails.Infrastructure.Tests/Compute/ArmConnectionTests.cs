using Azure.ResourceManager;
using Guardrails.Infrastructure.Compute;

namespace Guardrails.Infrastructure.Tests.Compute;

/// <summary>The ARM endpoint setting picks the cloud (and its token audience) for inventory, actions and Azure Monitor.</summary>
public sealed class ArmConnectionTests
{
    [Theory]
    [InlineData(null, "management.azure.com")]
    [InlineData("https://management.azure.com", "management.azure.com")]
    [InlineData("https://management.chinacloudapi.cn/", "management.chinacloudapi.cn")]
    [InlineData("https://management.usgovcloudapi.net", "management.usgovcloudapi.net")]
    public void Known_clouds_use_their_own_audience(string? endpoint, string host)
    {
        var environment = ArmConnection.Environment(endpoint);
        Assert.Equal(host, environment.Endpoint.Host);
        Assert.Equal(host, new Uri(environment.Audience).Host); // tokens for that cloud, not the public one
        Assert.StartsWith(environment.Audience, environment.DefaultScope, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loopback_endpoint_keeps_the_public_audience()
    {
        var environment = ArmConnection.Environment("https://127.0.0.1:8443");
        Assert.Equal(new Uri("https://127.0.0.1:8443"), environment.Endpoint);
        Assert.Equal(ArmEnvironment.AzurePublicCloud.Audience, environment.Audience);
    }

    [Theory]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001", true)]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml", true)]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/ml/", true)]
    [InlineData("/subscriptions/not-a-guid", false)]
    [InlineData("ml-train", false)]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/x", false)]
    public void Scopes_are_a_subscription_or_a_resource_group(string scope, bool valid) => Assert.Equal(valid, ArmCompute.IsScope(scope));
}
