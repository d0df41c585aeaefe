namespace Baton.Core.Config;

/// <summary>One problem in a configuration file: where (a key path such as <c>pipelines.default.stages[1].agent</c>) and what would be valid.</summary>
public sealed record ConfigError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
