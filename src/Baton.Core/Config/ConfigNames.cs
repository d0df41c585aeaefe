using System.Text;

namespace Baton.Core.Config;

/// <summary>
/// The characters allowed in names that end up in branch names, directories, room names and URLs:
/// project keys (<c>[a-z0-9_-]</c>) and agent, pipeline and stage names (<c>[A-Za-z0-9_.-]</c>).
/// </summary>
public static class ConfigNames
{
    public static bool IsProjectKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.All(c => char.IsAsciiDigit(c) || c is (>= 'a' and <= 'z') or '-' or '_');

    public static bool IsName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>A project key made from any text (a directory name): lowercased, other characters become <c>-</c>.</summary>
    public static string ToProjectKey(string? text)
    {
        var key = new StringBuilder();
        foreach (var c in (text ?? "").ToLowerInvariant())
        {
            var keep = char.IsAsciiDigit(c) || c is (>= 'a' and <= 'z') or '_';
            if (keep)
            {
                key.Append(c);
            }
            else if (key.Length > 0 && key[^1] != '-')
            {
                key.Append('-');
            }
        }

        var result = key.ToString().Trim('-');
        return result.Length == 0 ? "project" : result;
    }

    /// <summary>The name of an environment variable (letters, digits and <c>_</c>, not starting with a digit).</summary>
    public static bool IsEnvName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
