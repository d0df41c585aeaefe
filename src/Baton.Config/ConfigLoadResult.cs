using Baton.Core.Config;

namespace Baton.Config;

/// <summary>The outcome of loading <c>baton.yaml</c>: the configuration (partial when there are errors) and every problem found.</summary>
public sealed record ConfigLoadResult
{
    public required BatonConfig Config { get; init; }

    public IReadOnlyList<ConfigError> Errors { get; init; } = [];

    /// <summary>The full path of the file read, or null when there was none and the defaults were used.</summary>
    public string? Path { get; init; }

    /// <summary>The directory that relative paths in the configuration (repo, state_dir, scripts) resolve against.</summary>
    public required string BaseDirectory { get; init; }

    public bool IsValid => Errors.Count == 0;
}
