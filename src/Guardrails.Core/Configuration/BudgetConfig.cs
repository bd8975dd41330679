namespace Guardrails.Core.Configuration;

public sealed class BudgetConfig
{
}
