// What every function in this host uses: the worker's triggers and HTTP types, logging and the shared composition
// (app setting names, metrics).
global using Guardrails.Infrastructure.Composition;
global using Microsoft.Azure.Functions.Worker;
global using Microsoft.Azure.Functions.Worker.Http;
global using Microsoft.Extensions.Logging;
