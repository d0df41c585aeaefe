using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Baton.Testing;

/// <summary>A logger factory that keeps every entry (category, message and the whole exception) in a queue a test reads.</summary>
public sealed class QueueLogs(ConcurrentQueue<string> entries) : ILoggerFactory
{
    public ConcurrentQueue<string> Entries { get; } = entries;

    public ILogger CreateLogger(string categoryName) => new Logger(Entries, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("QueueLogs keeps its entries itself");

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> entries, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue($"{logLevel} [{eventId.Id}] {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
