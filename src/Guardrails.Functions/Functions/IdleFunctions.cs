using System.Net;
using Guardrails.Core.Actions;
using Guardrails.Core.Common;
using Guardrails.Core.Idle;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Idle;

namespace Guardrails.Functions.Functions;

/// <summary>Timer: hourly GPU rollups (with retention) and the day's idle cost.</summary>
public sealed class CollectTelemetry(CollectTelemetryStage stage)
{
    [Function(nameof(CollectTelemetry))]
    public Task Run([TimerTrigger("%" + AppSettings.TelemetrySchedule + "%")] TimerInfo timer, FunctionContext context) =>
        stage.RunAsync(context.CancellationToken);
}

/// <summary>Timer: idle decisions for every GPU machine in scope → audit (skips) and queue "actions".</summary>
public sealed class EvaluateIdle(EvaluateIdleStage stage)
{
    [Function(nameof(EvaluateIdle))]
    public Task Run([TimerTrigger("%" + AppSettings.IdleSchedule + "%")] TimerInfo timer, FunctionContext context) =>
        stage.RunAsync(context.CancellationToken);
}

/// <summary>Queue "actions": one request through the executor (idle policies and budgets' spending limits alike).</summary>
public sealed class ExecuteAction(ExecuteActionStage stage, GuardrailsMetrics metrics, ILogger<ExecuteAction> logger)
{
    [Function(nameof(ExecuteAction))]
    public async Task Run([QueueTrigger(ActionRequestMessage.QueueName, Connection = AppSettings.Storage)] string message, FunctionContext context)
    {
        var outcome = await stage.RunAsync(message, context.CancellationToken);
        metrics.ActionsTaken.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Status.ToString()));
        logger.LogInformation("Action outcome {Outcome}: {Reason}", outcome.Status, outcome.Reason);
    }
}

/// <summary>
/// HTTP push (function key): <c>POST /api/telemetry/nvidia-smi?host=&lt;hostname&gt;</c> with telemetry in any format the
/// CLI reads (<see cref="TelemetryDocuments.Accepted"/>): the output of <c>nvidia-smi --query-gpu=timestamp,index,uuid,name,
/// utilization.gpu,memory.used,memory.total,power.draw --format=csv</c>, of <c>nvidia-smi -q -x</c>, a dcgm-exporter or
/// nvidia_gpu_exporter scrape, or a Prometheus query_range answer, chosen by Content-Type or, for a generic one, by the
/// first bytes. 202 with the readings taken; 400 naming the first bad line and field (nothing stored); 413 above
/// <see cref="TelemetryDocuments.MaxBodyBytes"/>; 415 for another Content-Type.
/// </summary>
public sealed class IngestNvidiaSmi(BlobPushedTelemetry store)
{
    [Function(nameof(IngestNvidiaSmi))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "telemetry/nvidia-smi")] HttpRequestData request, FunctionContext context)
    {
        var host = System.Web.HttpUtility.ParseQueryString(request.Url.Query)["host"];
        if (string.IsNullOrWhiteSpace(host) || host.Any(c => c is '/' or '\\' or '?' or '#'))
            return await Text(request, HttpStatusCode.BadRequest, "query parameter 'host' (the machine's hostname) is required.");
        if (await BoundedBody.ReadAsync(request.Body, TelemetryDocuments.MaxBodyBytes, context.CancellationToken) is not { } body)
            return await Text(request, HttpStatusCode.RequestEntityTooLarge, $"body larger than {TelemetryDocuments.MaxBodyBytes / (1 << 20)} MB: push at most a few minutes of telemetry at a time.");
        var contentType = request.Headers.TryGetValues("Content-Type", out var types) ? types.FirstOrDefault() : null;
        if (TelemetryDocuments.Detect(contentType, body) is not { } format)
            return await Text(request, HttpStatusCode.UnsupportedMediaType, $"Content-Type '{contentType}' is not telemetry: send {TelemetryDocuments.Accepted}.");
        try
        {
            var readings = await store.StoreAsync(host, body, format, context.CancellationToken);
            return await Text(request, HttpStatusCode.Accepted, $"{readings} readings accepted for {host} ({format}).");
        }
        catch (TelemetryFormatException e)
        {
            return await Text(request, HttpStatusCode.BadRequest, e.Message);
        }
    }

    private static async Task<HttpResponseData> Text(HttpRequestData request, HttpStatusCode status, string text)
    {
        var response = request.CreateResponse(status);
        await response.WriteStringAsync(text);
        return response;
    }
}
