using Azure.Data.Tables;
using Guardrails.Testing;

namespace Guardrails.Infrastructure.Tests.Local;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteLauncherTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Started_emulator_accepts_table_writes_and_reads()
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("t"));
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Amount"] = "12.34" });

        var back = await table.GetEntityAsync<TableEntity>("p", "r");

        Assert.Equal("12.34", back.Value.GetString("Amount"));
    }
}
