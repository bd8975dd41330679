if (args.Length > 0 && args[0] == "estimate") return await Guardrails.Benchmarks.EstimateBenchmark.RunAsync(args[1..]);
return 0;
