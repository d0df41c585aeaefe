using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Baton.Files.Logging;

/// <summary>
/// Baton's log file: <c>&lt;state_dir&gt;/logs/baton.log</c>, one line per entry (UTC time, level, event id, pid,
/// category, message) followed by the full exception when there is one. The file is created on the first entry, so a
/// verb that logs nothing leaves no file; each entry is written and flushed before the call returns, so what a crash
/// interrupts is already on disk. Entries are appended with <c>O_APPEND</c>, so processes sharing the file never
/// overwrite each other's lines. Past <see cref="MaxBytes"/> the file rotates to <c>baton.1.log</c> … keeping
/// <see cref="Keep"/> old files. Several Baton processes of one repository append to the same file.
/// </summary>
public sealed class FileLoggerProvider(string directory, TimeProvider? time = null) : ILoggerProvider
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private AppendOnlyFile? _file;
    private bool _failed;

    public long MaxBytes { get; init; } = 10 * 1024 * 1024;

    public int Keep { get; init; } = 5;

    public string Path { get; } = System.IO.Path.Combine(directory, "baton.log");

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    /// <summary>
    /// A logger factory over this one file, entries below <paramref name="minimum"/> dropped: what Baton needs of
    /// <c>LoggerFactory</c> without its dependency-injection container, whose start-up costs a one-shot command
    /// hundreds of milliseconds of JIT.
    /// </summary>
    public ILoggerFactory AsFactory(LogLevel minimum = LogLevel.Information) => new Factory(this, minimum);

    private sealed class Factory(FileLoggerProvider provider, LogLevel minimum) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new FileLogger(provider, categoryName, minimum);

        public void AddProvider(ILoggerProvider provider) =>
            throw new NotSupportedException("Baton's log factory writes the one log file");

        public void Dispose() => provider.Dispose();
    }

    internal void Write(LogLevel level, EventId id, string category, string message, Exception? exception)
    {
        var line = new StringBuilder(160)
            .Append(_time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
            .Append(' ').Append(LevelName(level))
            .Append(" [").Append(id.Id.ToString(CultureInfo.InvariantCulture)).Append("] ")
            .Append(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(category).Append(": ").Append(message).Append('\n');
        if (exception is not null)
        {
            line.Append("    ").Append(exception.ToString().Replace("\n", "\n    ", StringComparison.Ordinal)).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(line.ToString());
        lock (_gate)
        {
            if (_failed)
            {
                return;
            }

            try
            {
                _file ??= Open();
                _file.Append(bytes);
                if (_file.Length > MaxBytes)
                {
                    Rotate();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The log is the last place a failure can go: say so once on stderr and carry on without it.
                _failed = true;
                Console.Error.WriteLine($"baton: cannot write the log file {Path}: {ex.Message}; logging is off for this process");
            }
        }
    }

    private AppendOnlyFile Open()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        return AppendOnlyFile.Open(Path);
    }

    private void Rotate()
    {
        _file!.Dispose();
        _file = null;
        var current = new FileInfo(Path);
        if (current.Exists && current.Length <= MaxBytes)
        {
            return;   // another process rotated it first: the next entry opens the new file
        }

        var stem = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "baton");
        File.Delete($"{stem}.{Keep}.log");
        for (var i = Keep - 1; i >= 1; i--)
        {
            if (File.Exists($"{stem}.{i}.log"))
            {
                File.Move($"{stem}.{i}.log", $"{stem}.{i + 1}.log", overwrite: true);
            }
        }

        if (File.Exists(Path))
        {
            File.Move(Path, $"{stem}.1.log", overwrite: true);
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO ",
        LogLevel.Warning => "WARN ",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRIT ",
        _ => "NONE ",
    };

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private sealed class FileLogger(FileLoggerProvider owner, string category, LogLevel minimum = LogLevel.Trace) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, eventId, category, formatter(state, exception), exception);
            }
        }
    }
}
