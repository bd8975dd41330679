using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.GitHub;

/// <summary>
/// Finished PR cost checks in Table Storage, one row per pull request updated in place: PartitionKey = owner|repo (lower
/// case), RowKey = PR number (10 digits). A check replaces the row only when it started at or after the stored one
/// (optimistic concurrency on the ETag), so a check of an older head that finishes late never overwrites a newer head's.
/// Money is stored as invariant decimal strings (Tables has no decimal).
/// </summary>
public sealed class TablePullRequestCheckLog(TableClient table) : IPullRequestCheckLog
{
    public const string DefaultTableName = "prchecks";
    private const int MaxAttempts = 5;
    private volatile bool _created;

    /// <summary>"owner/repo" → owner|repo, lower case (GitHub names are case-insensitive), each part key-encoded.</summary>
    public static string PartitionKey(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var (owner, repo) = slash < 0 ? ("", repository) : (repository[..slash], repository[(slash + 1)..]);
        return TableKeys.Encode(owner.ToLowerInvariant()) + TableKeys.Separator + TableKeys.Encode(repo.ToLowerInvariant());
    }

    public static string RowKey(int number) => number.ToString("D10", CultureInfo.InvariantCulture);

    public async Task<bool> RecordAsync(PullRequestCheckSummary check, CancellationToken cancellationToken = default)
    {
        if (!_created)
        {
            await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        var entity = ToEntity(check);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!stored.HasValue || stored.Value is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                if (stored.Value.GetDateTimeOffset("CheckedAt") is { } storedAt && storedAt > check.CheckedAt) return false;
                await table.UpdateEntityAsync(entity, stored.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another check of the same PR wrote in between: read again and compare.
            }
        }
    }

    /// <summary>
    /// The PRs whose latest check falls in the UTC day range, newest first. The table holds one row per PR ever checked,
    /// so this is a filter on CheckedAt served by the table service (no key range fits "checked in a period").
    /// </summary>
    public async Task<IReadOnlyList<PullRequestCheckSummary>> GetChecksAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(toInclusive.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var result = new List<PullRequestCheckSummary>();
        try
        {
            var filter = TableClient.CreateQueryFilter($"CheckedAt ge {start} and CheckedAt lt {end}");
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
                result.Add(FromEntity(e));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // no check recorded yet
        }
        return result.OrderByDescending(c => c.CheckedAt).ThenBy(c => c.Repository, StringComparer.Ordinal).ThenBy(c => c.Number).ToList();
    }

    private static TableEntity ToEntity(PullRequestCheckSummary c) => new(PartitionKey(c.Repository), RowKey(c.Number))
    {
        ["Repository"] = c.Repository,
        ["Number"] = c.Number,
        ["Title"] = c.Title,
        ["HeadSha"] = c.HeadSha,
        ["CheckedAt"] = c.CheckedAt.UtcDateTime,
        ["Currency"] = c.Currency,
        ["MonthlyCostBefore"] = c.MonthlyCostBefore.ToString(CultureInfo.InvariantCulture),
        ["MonthlyCostAfter"] = c.MonthlyCostAfter.ToString(CultureInfo.InvariantCulture),
        ["Gate"] = c.Gate,
        ["ApprovedBy"] = c.ApprovedBy,
        ["ApprovedAt"] = c.ApprovedAt?.UtcDateTime,
        ["Url"] = c.Url,
    };

    private static PullRequestCheckSummary FromEntity(TableEntity e) => new()
    {
        Repository = e.GetString("Repository"),
        Number = e.GetInt32("Number") ?? int.Parse(e.RowKey, CultureInfo.InvariantCulture),
        Title = e.GetString("Title"),
        HeadSha = e.GetString("HeadSha"),
        CheckedAt = e.GetDateTimeOffset("CheckedAt")!.Value,
        Currency = e.GetString("Currency"),
        MonthlyCostBefore = decimal.Parse(e.GetString("MonthlyCostBefore") ?? "0", CultureInfo.InvariantCulture),
        MonthlyCostAfter = decimal.Parse(e.GetString("MonthlyCostAfter") ?? "0", CultureInfo.InvariantCulture),
        Gate = e.GetString("Gate"),
        ApprovedBy = e.GetString("ApprovedBy"),
        ApprovedAt = e.GetDateTimeOffset("ApprovedAt"),
        Url = e.GetString("Url"),
    };
}
