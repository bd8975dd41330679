using Guardrails.Testing;

namespace Guardrails.Cli.Tests;

/// <summary>Tests in this collection share one Azurite process (started on free loopback ports).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
