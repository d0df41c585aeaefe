using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Baton.Core.Ports;
using Baton.Core.Processes;
using Baton.Processes.Linux;
using Baton.Processes.Output;
using Baton.Processes.Stopping;
using Baton.Processes.Watchdog;

namespace Baton.Processes;

/// <summary>
/// Runs each child as the leader of its own session and process group, with exactly the spec's environment and a
/// closed stdin (or, for a child that speaks a protocol on it, an open one: <see cref="ProcessSpec.Input"/>). When the run ends, for whatever reason, nothing it started is left running.
/// </summary>
public sealed class ProcessRunner(TimeProvider? time = null) : IProcessRunner
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, ProcessCallbacks callbacks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(callbacks);
        if (ct.IsCancellationRequested)
        {
            return new ProcessResult { Cancelled = true };
        }

        var info = StartInfoFactory.Create(spec);
        if (!spec.Helper)
        {
            DeadManSwitch.Shared.Arm();
        }

        var started = _time.GetTimestamp();
        using var process = StartInfoFactory.Start(info, spec);
        if (spec.Helper)
        {
            return await RunHelperAsync(process, spec, callbacks, started, ct);
        }

        // Zero when the child was already reaped: it exited before its start time could be read.
        var group = new ProcessGroup(process.Id, ProcStat.Read(process.Id)?.StartTicks ?? 0);
        DeadManSwitch.Shared.Watch(group);
        var tail = new OutputTail(spec.TailLines, callbacks.OnLine);
        using var output = new ProcessOutput(process, tail, _time);
        var stop = StopReason.None;
        try
        {
            if (callbacks.OnStarted is { } onStarted)
            {
                await onStarted(group);
            }

            OpenGate(process, spec.Input);
            callbacks.OnRunning?.Invoke();
            output.Start();
            stop = await WaitForExitAsync(process, spec.Timeout, ct);
        }
        finally
        {
            spec.Input?.Close();
            await new GroupTerminator(_time).EndAsync(process, group, spec.GracePeriod);
            DeadManSwitch.Shared.Release(group);
            await output.DrainAsync();
            if (callbacks.OnExited is { } onExited)
            {
                await onExited(group);
            }
        }

        return Result(process, stop, tail, started);
    }

    /// <summary>A helper (<see cref="ProcessSpec.Helper"/>): no group to record or end, its tree killed if it must stop.</summary>
    private async Task<ProcessResult> RunHelperAsync(Process process, ProcessSpec spec, ProcessCallbacks callbacks, long started, CancellationToken ct)
    {
        var tail = new OutputTail(spec.TailLines, callbacks.OnLine);
        using var output = new ProcessOutput(process, tail, _time);
        process.StandardInput.Close();
        output.Start();
        var stop = await WaitForExitAsync(process, spec.Timeout, ct);
        if (stop != StopReason.None)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It exited meanwhile.
            }
        }

        await output.DrainAsync();
        return Result(process, stop, tail, started);
    }

    private ProcessResult Result(Process process, StopReason stop, OutputTail tail, long started)
    {
        if (tail.CallbackFailure is { } failure)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return new ProcessResult
        {
            ExitCode = stop == StopReason.None ? process.ExitCode : null,
            TimedOut = stop == StopReason.Timeout,
            Cancelled = stop == StopReason.Cancelled,
            Duration = _time.GetElapsedTime(started),
            Tail = tail.ToString(),
        };
    }

    private async Task<StopReason> WaitForExitAsync(Process process, TimeSpan? timeout, CancellationToken ct)
    {
        using var timeoutCts = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
            return StopReason.None;
        }
        catch (OperationCanceledException) when (!process.HasExited)
        {
            return ct.IsCancellationRequested ? StopReason.Cancelled : StopReason.Timeout;
        }
        catch (OperationCanceledException)
        {
            return StopReason.None; // It exited on its own just as the deadline hit.
        }
    }

    private enum StopReason
    {
        None,
        Timeout,
        Cancelled,
    }

    /// <summary>Lets the child run: the group is recorded (see <see cref="StartInfoFactory"/>).</summary>
    private static void OpenGate(Process process, ChildInput? input)
    {
        try
        {
            process.StandardInput.Write('\n');
            if (input is null)
            {
                process.StandardInput.Close();
            }
            else
            {
                process.StandardInput.Flush();
                input.Attach(process.StandardInput);
            }
        }
        catch (IOException)
        {
            // The child is already gone; its exit code says why.
        }
    }
}
