// The vocabulary of every command: Spectre.Console.Cli settings and rendering, option descriptions, the CLI's own
// hosting helpers (config, output formats, shared settings) and guardrails.yaml's model.
global using System.ComponentModel;
global using Guardrails.Cli.Hosting;
global using Guardrails.Core.Configuration;
global using Spectre.Console;
global using Spectre.Console.Cli;
