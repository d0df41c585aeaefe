namespace Baton.Core.Ports;

/// <summary>Small values every Baton process on the store shares (the queue paused, by whom). Atomic, last writer wins.</summary>
public interface ISettingsStore
{
    Task<string?> GetSettingAsync(string key, CancellationToken ct);

    /// <summary>Sets a value, or removes it when <paramref name="value"/> is null.</summary>
    Task SetSettingAsync(string key, string? value, CancellationToken ct);
}
