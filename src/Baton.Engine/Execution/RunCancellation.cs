namespace Baton.Engine.Execution;

/// <summary>One cancellation source per run that remembers its first cause.</summary>
public sealed class RunCancellation : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private int _cause;

    public RunCancellation(CancellationToken shutdown)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        shutdown.Register(() => Cancel(CancelCause.Interrupt));
    }

    public CancellationToken Token => _cts.Token;

    public CancelCause Cause => (CancelCause)Volatile.Read(ref _cause);

    public void Cancel(CancelCause cause)
    {
        Interlocked.CompareExchange(ref _cause, (int)cause, (int)CancelCause.None);
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void CancelAfter(TimeSpan delay, TimeProvider time)
    {
        if (delay > TimeSpan.Zero && delay < TimeSpan.MaxValue)
        {
            var timer = time.CreateTimer(_ => Cancel(CancelCause.Timeout), null, delay, Timeout.InfiniteTimeSpan);
            _cts.Token.Register(() => timer.Dispose());
        }
    }

    public void Dispose() => _cts.Dispose();
}
