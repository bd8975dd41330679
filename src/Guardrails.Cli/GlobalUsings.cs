// The vocabulary of every command: Spectre.Console.Cli settings and rendering, option descriptions, the CLI's own
// hosting helpers (config, output formats, shared settings) and guardrails.yaml's model; the host's composition (the
// feature registrations the Function App also calls, over a service collection); money and invariant-culture text.
global using System.ComponentModel;
global using System.Globalization;
global using Guardrails.Cli.Hosting;
global using Guardrails.Core.Common;
global using Guardrails.Core.Configuration;
global using Guardrails.Infrastructure.Composition;
global using Microsoft.Extensions.DependencyInjection;
global using Spectre.Console;
global using Spectre.Console.Cli;
