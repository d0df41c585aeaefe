using System.Diagnostics;
using System.Globalization;
using System.Text;
using Baton.Bench.Infra;

namespace Baton.Bench.Scenarios;

/// <summary>
/// One <c>baton events --follow --format json</c> process of (h), its stdout read through a pipe by a thread of its own
/// that stamps the wall clock the moment each line arrives (before looking at it). Disposing kills the process (by its
/// pid, with any children) and waits, bounded, for the reader to see the end of the pipe.
/// </summary>
internal sealed class FeedFollower : IDisposable
{
    private const string RunFinished = "\"type\":\"run.finished\"";
    private readonly Process _process;
    private readonly Thread _reader;
    private readonly List<(long ArrivedNs, string Line)> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private FeedFollower(Process process)
    {
        _process = process;
        _reader = new Thread(Read) { IsBackground = true, Name = $"feed follower {process.Id}" };
        _reader.Start();
    }

    public int Pid => _process.Id;

    /// <summary>Completes at the first line (the follower is reading the store) or when its stdout ends.</summary>
    public Task FirstLine => _first.Task;

    /// <summary>Completes at the first <c>run.finished</c> line or when its stdout ends.</summary>
    public Task Finished => _finished.Task;

    public bool SawRunFinished { get; private set; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static FeedFollower Start(string baton, string repo)
    {
        var info = new ProcessStartInfo(baton)
        {
            WorkingDirectory = repo,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "events", "--follow", "--format", "json" })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in BatonCli.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        process.Start();
        process.StandardInput.Close();
        var follower = new FeedFollower(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (follower._stderr)
                {
                    follower._stderr.Append(e.Data).Append('\n');
                }
            }
        };
        process.BeginErrorReadLine();
        return follower;
    }

    /// <summary>User + system CPU the process has used so far (from /proc/PID/stat); NaN once it is gone.</summary>
    public double CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Every line read so far with the wall clock (Unix ns) at which it arrived.</summary>
    public IReadOnlyList<(long ArrivedNs, string Line)> Lines()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _reader.Join(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void Read()
    {
        try
        {
            var stdout = _process.StandardOutput;
            while (stdout.ReadLine() is { } line)
            {
                var arrived = Clock.UnixNs();
                lock (_lines)
                {
                    _lines.Add((arrived, line));
                }

                _first.TrySetResult();
                if (!SawRunFinished && line.Contains(RunFinished, StringComparison.Ordinal))
                {
                    SawRunFinished = true;
                    _finished.TrySetResult();
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke as the process was killed: the end of its output.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _first.TrySetResult();
            _finished.TrySetResult();
        }
    }
}
