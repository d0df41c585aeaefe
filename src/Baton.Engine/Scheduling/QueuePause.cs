using Baton.Core.Ports;

namespace Baton.Engine.Scheduling;

/// <summary>Whether the queue is paused: a setting in the store, so every Baton process on it sees the same answer.</summary>
public static class QueuePause
{
    public const string Key = "queue.paused";

    public static async Task<bool> IsPausedAsync(ISettingsStore store, CancellationToken ct) =>
        await store.GetSettingAsync(Key, ct) is { Length: > 0 };
}
