namespace Baton.Engine.Execution;

/// <summary>
/// One cancellation source per run that remembers its first cause. Disposing it releases everything it hung on
/// longer-lived objects (the registration on the service's shutdown token, the run-timeout timer), so a long
/// <c>baton serve</c> does not keep one of each per finished run.
/// </summary>
public sealed class RunCancellation : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenRegistration _onShutdown;
    private ITimer? _timeout;
    private int _cause;

    public RunCancellation(CancellationToken shutdown)
    {
        _cts = new CancellationTokenSource();
        _onShutdown = shutdown.Register(static state => ((RunCancellation)state!).Cancel(CancelCause.Interrupt), this);
    }

    public CancellationToken Token => _cts.Token;

    public CancelCause Cause => (CancelCause)Volatile.Read(ref _cause);

    /// <summary>What the first cause said, when it said more than its name (a policy violation's reason).</summary>
    public string? Detail { get; private set; }

    public void Cancel(CancelCause cause, string? detail = null)
    {
        if (Interlocked.CompareExchange(ref _cause, (int)cause, (int)CancelCause.None) == (int)CancelCause.None)
        {
            Detail = detail;
        }

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
            _timeout?.Dispose();
            _timeout = time.CreateTimer(static state => ((RunCancellation)state!).Cancel(CancelCause.Timeout), this, delay, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        _onShutdown.Dispose();
        _timeout?.Dispose();
        _cts.Dispose();
    }
}
