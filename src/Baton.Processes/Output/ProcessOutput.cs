using System.Diagnostics;
using System.IO.Pipes;
using Baton.Processes.Linux;

namespace Baton.Processes.Output;

/// <summary>
/// The two output pumps of one child. Draining copes with a descendant that escaped the process group but still
/// holds the write end of a pipe: it is found through <c>/proc/*/fd</c> and killed, and if the pipes still do not
/// close the reads are abandoned, so a run never hangs on its output after its processes are gone.
/// </summary>
internal sealed class ProcessOutput(Process process, OutputTail tail, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan QuickDrain = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastDrain = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _abandon = new();
    private Task _pumps = Task.CompletedTask;

    public void Start()
    {
        var stdout = Task.Run(() => LinePump.RunAsync(process.StandardOutput, isError: false, tail, _abandon.Token));
        var stderr = Task.Run(() => LinePump.RunAsync(process.StandardError, isError: true, tail, _abandon.Token));
        _pumps = Task.WhenAll(stdout, stderr);
    }

    /// <summary>Waits for both streams to end; call once the process group is gone.</summary>
    public async Task DrainAsync()
    {
        if (await FinishesWithinAsync(QuickDrain))
        {
            await _pumps;
            return;
        }

        foreach (var holder in ProcFs.PipeHolders(PipeLinks()))
        {
            Native.SignalProcess(holder, Native.SigKill);
        }

        if (!await FinishesWithinAsync(LastDrain))
        {
            await _abandon.CancelAsync();
        }

        try
        {
            await _pumps;
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Closes the two pipes. <see cref="Process.Dispose()"/> leaves streams read synchronously to their owner, so
    /// without this each child's pipes stayed open until a finalizer ran (about 130 descriptors under a busy serve).
    /// </summary>
    public void Dispose()
    {
        _abandon.Dispose();
        process.StandardOutput.Dispose();
        process.StandardError.Dispose();
    }

    private async Task<bool> FinishesWithinAsync(TimeSpan timeout)
    {
        using var delayCts = new CancellationTokenSource();
        var finished = await Task.WhenAny(_pumps, Task.Delay(timeout, time, delayCts.Token)) == _pumps;
        await delayCts.CancelAsync();
        return finished;
    }

    private List<string> PipeLinks()
    {
        var links = new List<string>();
        foreach (var stream in new[] { process.StandardOutput.BaseStream, process.StandardError.BaseStream })
        {
            if (stream is PipeStream pipe && !pipe.SafePipeHandle.IsClosed
                && ProcFs.DescriptorTarget(pipe.SafePipeHandle.DangerousGetHandle()) is { } link)
            {
                links.Add(link);
            }
        }

        return links;
    }
}
