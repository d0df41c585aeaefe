namespace Baton.Config.Yaml;

/// <summary>
/// Keys the spec (§4) defines whose feature this build does not have yet. They are refused, as every unknown key is,
/// but with the feature they arrive with, so nobody mistakes them for a typo — or for something that works.
/// </summary>
internal static class UnbuiltKeys
{
    private static readonly Dictionary<string, string> Features = new(StringComparer.Ordinal);

    /// <summary>The message for a key the spec defines but this build does not implement, or null.</summary>
    public static string? Message(string path, string key) => Features.TryGetValue(path, out var feature)
        ? $"`{key}` arrives with {feature}; this build would ignore it, so it refuses the file: remove the key for now."
        : null;
}
