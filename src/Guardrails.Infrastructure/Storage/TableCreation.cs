using Azure;
using Azure.Data.Tables;

namespace Guardrails.Infrastructure.Storage;

/// <summary>
/// Creates a table unless it exists. <see cref="TableClient.CreateIfNotExistsAsync"/> writes its request body with
/// reflection-based System.Text.Json (Azure.Data.Tables 12.13), which throws where reflection is off (the CLI, native or
/// not); <see cref="TableClient.CreateAsync"/> uses the SDK's generated serializer. 409 (exists) is success, as in
/// CreateIfNotExists.
/// </summary>
public static class TableCreation
{
    public static async Task EnsureExistsAsync(this TableClient table, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.CreateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    public static void EnsureExists(this TableClient table)
    {
        try
        {
            table.Create();
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }
}
