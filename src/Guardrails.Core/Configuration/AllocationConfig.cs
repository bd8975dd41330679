namespace Guardrails.Core.Configuration;

public sealed class AllocationConfig
{
}
