using Guardrails.Core.RightSizing;
using Guardrails.Infrastructure.RightSizing;

namespace Guardrails.Functions.Functions;

/// <summary>Timer: right-sizing recommendations for every GPU VM in scope → the right-sizing table (never an action).</summary>
public sealed class RightSizeGpuVms(RightSizeStage stage)
{
    [Function(nameof(RightSizeGpuVms))]
    public Task Run([TimerTrigger("%" + AppSettings.RightSizeSchedule + "%")] TimerInfo timer, FunctionContext context) =>
        stage.RunAsync(context.CancellationToken);
}
