using Guardrails.Benchmarks;
using Guardrails.Benchmarks.Generator;

// Guardrails benchmarks: measured, never guessed. See docs/benchmarks.md for the commands and the figures.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        usage: dotnet run -c Release --project bench/Guardrails.Benchmarks -- <command> [options]

          generate          --rows 1000000 --seed 42 --out bench/data/focus-1m.csv[.gz] [--resources 4000]
          ingest-vs-duckdb  --rows 1000000[,5000000] --seed 42 [--threads 2] [--cli <guardrails binary>]
                            [--config <guardrails.yaml>] [--keep] [--skip-ingest]
          table-batching    --entities 2000 [--partitions 4] [--connection <storage connection string>]
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
    case "table-batching":
        return await Guardrails.Benchmarks.TableBatching.TableBatchingBenchmark.RunAsync(options);
    case "duckdb-query": // the DuckDB child process of ingest-vs-duckdb
        return Guardrails.Benchmarks.IngestVsDuckDb.DuckDbAggregation.RunChild(
            options.Get("file") ?? throw new ArgumentException("--file is required"), options.GetInt("threads", 2),
            options.Get("out") ?? throw new ArgumentException("--out is required"));
    default:
        Console.Error.WriteLine($"Unknown command '{command}'. Run with --help.");
        return 2;
}
