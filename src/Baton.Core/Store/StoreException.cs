namespace Baton.Core.Store;

/// <summary>A store or run-file failure whose message says what to do about it.</summary>
public sealed class StoreException : Exception
{
    public StoreException(StoreErrorCategory category, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Category = category;
    }

    public StoreErrorCategory Category { get; }

    /// <summary>True when simply trying again later can succeed without anyone doing anything.</summary>
    public bool IsTransient => Category == StoreErrorCategory.Busy;

    /// <summary>True when the same call may be repeated as it is (transient); false when it would fail the same way.</summary>
    public bool IsRetryable => IsTransient;
}
