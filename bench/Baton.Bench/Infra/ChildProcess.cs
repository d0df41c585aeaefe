using System.Diagnostics;
using System.Text;

namespace Baton.Bench.Infra;

/// <summary>
/// Runs one child process to its end or its deadline. At the deadline (or on cancellation) the child and every
/// descendant it still has are killed, so nothing outlives the call.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Starts <paramref name="file"/>; <paramref name="whileRunning"/> gets the live process (e.g. to sample its memory).</summary>
    public static async Task<ProcessOutcome> RunAsync(
        string file,
        IReadOnlyList<string> args,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken ct,
        IReadOnlyDictionary<string, string>? env = null,
        Func<Process, CancellationToken, Task>? whileRunning = null)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var command = $"{Path.GetFileName(file)} {string.Join(' ', args)}";
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);

        var spawn = Clock.UnixNs();
        var watch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var sampler = whileRunning?.Invoke(process, sampling.Token) ?? Task.CompletedTask;
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        ct.ThrowIfCancellationRequested();
        return new ProcessOutcome(command, timedOut ? null : process.ExitCode, timedOut, Text(stdout), Text(stderr), spawn, watch.Elapsed);
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sink)
        {
            sink.Append(line).Append('\n');
        }
    }

    private static string Text(StringBuilder sink)
    {
        lock (sink)
        {
            return sink.ToString();
        }
    }
}
