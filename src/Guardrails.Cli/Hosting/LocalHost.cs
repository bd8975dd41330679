using System.Net;
using Azure.Storage.Queues;
using Guardrails.Core.PullRequests;
using Guardrails.Infrastructure.GitHub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Guardrails.Cli.Hosting;

public sealed record LocalHostOptions(int Port, string StorageConnectionString, IReadOnlyDictionary<string, string?> Settings,
    string QueueName = StoragePullRequestCheckQueue.DefaultQueueName, TimeSpan? PollInterval = null);

/// <summary>
/// <c>guardrails serve</c>: the Function App's HTTP endpoints on 127.0.0.1 (Kestrel) with the same handlers, queueing to
/// Azurite and running the queue work in process. Other features add routes and services here, one line each in
/// Program.cs: <c>LocalHost.MapEndpoints(app => app.MapGet(...))</c>, <c>LocalHost.AddServices(s => ...)</c>.
/// </summary>
public static class LocalHost
{
    private static readonly List<Action<WebApplication>> s_endpointModules = [];
    private static readonly List<Action<IServiceCollection>> s_serviceModules = [];

    /// <summary>Adds routes to every local host built after this call (e.g. the dashboard).</summary>
    public static void MapEndpoints(Action<WebApplication> map) { lock (s_endpointModules) s_endpointModules.Add(map); }

    /// <summary>Adds services to every local host built after this call.</summary>
    public static void AddServices(Action<IServiceCollection> configure) { lock (s_serviceModules) s_serviceModules.Add(configure); }

    public static WebApplication Build(LocalHostOptions options, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = GitHubWebhookHandler.MaxBodyBytes + 1;
        });
        configureServices?.Invoke(builder.Services);
        lock (s_serviceModules) foreach (var m in s_serviceModules) m(builder.Services);
        // The Function App's registration, with the local store and queue as its settings.
        var settings = new Dictionary<string, string?>(options.Settings, StringComparer.OrdinalIgnoreCase)
        {
            [AppSettings.Storage] = options.StorageConnectionString,
            ["PullRequests:QueueName"] = options.QueueName,
        };
        builder.Services.AddSingleton(HostEnvironment.Local);
        builder.Services.AddPullRequestChecks(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<PullRequestQueueWorker>();

        var app = builder.Build();
        app.MapPost("/api/github/webhook", HandleWebhookAsync);
        app.MapGet("/api/health", () => Results.Text("ok"));
        lock (s_endpointModules) foreach (var m in s_endpointModules) m(app);
        return app;
    }

    /// <summary>Reads the raw body (never re-serialised: the signature covers the exact bytes) with the 25 MB limit.</summary>
    internal static async Task<IResult> HandleWebhookAsync(HttpContext context, GitHubWebhookHandler handler)
    {
        if (GitHubWebhookHandler.CheckLength(context.Request.ContentLength) is { } early) return Results.Text(early.Message, statusCode: early.StatusCode);
        ReadOnlyMemory<byte> body;
        try
        {
            (body, var tooLarge) = await GitHubWebhookHandler.ReadBodyAsync(context.Request.Body, context.RequestAborted);
            if (tooLarge is not null) return Results.Text(tooLarge.Message, statusCode: tooLarge.StatusCode);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            return Results.Text("payload larger than 25 MB", statusCode: 413);
        }
        var headers = context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        var response = await handler.HandleAsync(headers, body, context.RequestAborted);
        return Results.Text(response.Message, statusCode: response.StatusCode);
    }
}

/// <summary>Polls the <c>pr-checks</c> queue on Azurite and runs each check in process (what the queue trigger does in Azure).</summary>
internal sealed class PullRequestQueueWorker(LocalHostOptions options, PullRequestCheckRunner runner, ILogger<PullRequestQueueWorker> logger)
    : BackgroundService
{
    private const int MaxDequeueCount = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = StoragePullRequestCheckQueue.CreateClient(options.StorageConnectionString, options.QueueName);
        var poison = StoragePullRequestCheckQueue.CreateClient(options.StorageConnectionString, options.QueueName + "-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var interval = options.PollInterval ?? TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var messages = (await queue.ReceiveMessagesAsync(maxMessages: 8, visibilityTimeout: TimeSpan.FromMinutes(2), cancellationToken: stoppingToken)).Value;
                foreach (var m in messages) await ProcessAsync(queue, poison, m, stoppingToken);
                if (messages.Length == 0) await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                logger.LogWarning("pr-checks queue poll failed: {Message}", e.Message);
                await Task.Delay(interval, stoppingToken);
            }
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, Azure.Storage.Queues.Models.QueueMessage m, CancellationToken ct)
    {
        try
        {
            var outcome = await runner.RunAsync(m.MessageText, ct);
            logger.LogInformation("pr-check {MessageId}: comment {Comment}, gate {Gate}", m.MessageId, outcome.Comment, outcome.Gate?.State.ToString() ?? "-");
            await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("pr-check {MessageId} attempt {Attempt} failed: {Message}", m.MessageId, m.DequeueCount, e.Message);
            if (m.DequeueCount >= MaxDequeueCount)
            {
                await poison.CreateIfNotExistsAsync(cancellationToken: ct);
                await poison.SendMessageAsync(m.MessageText, ct);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
            }
            else
            {
                await queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(Math.Pow(2, (double)m.DequeueCount)), cancellationToken: ct);
            }
        }
    }
}
