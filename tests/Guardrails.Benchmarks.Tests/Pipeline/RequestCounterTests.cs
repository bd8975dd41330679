using Azure.Core;
using Guardrails.Benchmarks.Pipeline;

namespace Guardrails.Benchmarks.Tests.Pipeline;

public sealed class RequestCounterTests
{
    [Fact]
    public void Requests_are_counted_as_reads_writes_and_entity_group_transactions()
    {
        var counter = new RequestCounter();

        counter.Count(RequestMethod.Get, "/devstoreaccount1/facts()");
        counter.Count(RequestMethod.Put, "/devstoreaccount1/facts(PartitionKey='a',RowKey='00000')");
        counter.Count(RequestMethod.Patch, "/devstoreaccount1/runs(PartitionKey='a',RowKey='run')");
        counter.Count(RequestMethod.Post, "/devstoreaccount1/$batch");
        counter.Count(RequestMethod.Delete, "/devstoreaccount1/parts/messages/1");

        Assert.Equal(new OperationCounts(1, 3, 1), counter.Counts);
        Assert.Equal(5, counter.Counts.Total);
        Assert.Equal(new OperationCounts(2, 6, 2), counter.Counts + counter.Counts);
    }
}
