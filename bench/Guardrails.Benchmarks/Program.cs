using Guardrails.Benchmarks;
using Guardrails.Benchmarks.Generator;

// Guardrails benchmarks: measured, never guessed. See docs/benchmarks.md for the commands and the figures.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        usage: dotnet run -c Release --project bench/Guardrails.Benchmarks -- <command> [options]

          generate          --rows 1000000 --seed 42 --out bench/data/focus-1m.csv[.gz] [--resources 4000]
          ingest-vs-duckdb  --rows 1000000[,5000000] --seed 42 [--threads 2] [--cli-build aot|r2r | --cli <guardrails binary>]
                            [--config <guardrails.yaml>] [--keep] [--skip-ingest]
          profile-ingest    --file bench/data/focus-1m-s42.csv [--config bench/guardrails.bench.yaml]
          consumers         --rows 200000 --parts 4 [--consumers 1,2]
          pipeline          --rows 1000000 --parts 8 [--consumers 1,2] [--file <csv>] [--config <guardrails.yaml>]
                            (consumers are child processes: wall, rows/s, entities and table operations per row,
                            peak memory per consumer, then costs / budget / dashboard reads on the stored month)
          table-batching    --entities 2000 [--partitions 4] [--connection <storage connection string>]
          idle              --vms 10000 [--gpus 1|8] [--hours 24]
          estimate          [--runs 20]   (a PR estimate over 50 IaC files, in process)
        """);
    return 0;
}

var command = args[0];
var options = new Args(args.Skip(1));
switch (command)
{
    case "generate":
        {
            var result = GenerateCommand.Run(options.GetLong("rows", 1_000_000), options.GetInt("seed", 42),
                options.Get("out", "bench/data/focus-1m.csv"), options.GetInt("resources", 4000));
            GenerateCommand.Print(result);
            return 0;
        }
    case "ingest-vs-duckdb":
        return await Guardrails.Benchmarks.IngestVsDuckDb.IngestVsDuckDbBenchmark.RunAsync(options);
    case "estimate":
        return await EstimateBenchmark.RunAsync(options);
    case "table-batching":
        return await Guardrails.Benchmarks.TableBatching.TableBatchingBenchmark.RunAsync(options);
    case "profile-ingest":
        return await Guardrails.Benchmarks.Profile.ProfileIngestCommand.RunAsync(options);
    case "consumers":
        return await Guardrails.Benchmarks.Consumers.ConsumersBenchmark.RunAsync(options);
    case "pipeline":
        return await Guardrails.Benchmarks.Pipeline.PipelineBenchmark.RunAsync(options);
    case "pipeline-consumer": // a consumer process of `pipeline`
        return await Guardrails.Benchmarks.Pipeline.PipelineConsumerChild.RunAsync(options);
    case "pipeline-summaries": // the completion's run summaries alone, against a run `pipeline --connection` left
        return await Guardrails.Benchmarks.Pipeline.PipelineSummariesChild.RunAsync(options);
    case "idle":
        return await Guardrails.Benchmarks.Idle.IdleEvaluationBenchmark.RunAsync(options);
    case "duckdb-query": // the DuckDB child process of ingest-vs-duckdb
        return Guardrails.Benchmarks.IngestVsDuckDb.DuckDbAggregation.RunChild(
            options.Get("file") ?? throw new ArgumentException("--file is required"), options.GetInt("threads", 2),
            options.Get("out") ?? throw new ArgumentException("--out is required"), options.Has("plain"));
    default:
        Console.Error.WriteLine($"Unknown command '{command}'. Run with --help.");
        return 2;
}
