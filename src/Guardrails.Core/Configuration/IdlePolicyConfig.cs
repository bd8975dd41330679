namespace Guardrails.Core.Configuration;

public sealed class IdlePolicyConfig
{
}
