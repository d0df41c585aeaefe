namespace Baton.Agents.Common;

/// <summary>TOML strings for the config files Baton writes (Codex's <c>config.toml</c>, Gemini's policy file).</summary>
internal static class TomlText
{
    /// <summary>A TOML basic string.</summary>
    public static string Quote(string value) => Core.Text.DoubleQuoted.Of(value);

    /// <summary>A TOML literal string (no escapes: what a regex reads best as), or a basic string where one cannot be.</summary>
    public static string Literal(string value) =>
        value.Contains('\'', StringComparison.Ordinal) || value.Any(char.IsControl) ? Quote(value) : $"'{value}'";
}
