using System.Text;

namespace Baton.Files;

/// <summary>Keeps names that come from tasks, runs and configs from ever addressing a path outside a run's directory.</summary>
internal static class PathSegments
{
    private const int MaxLength = 120;

    /// <summary>Throws unless <paramref name="value"/> is one plain path segment of <c>[A-Za-z0-9._-]</c>.</summary>
    public static string RequireSafe(string value, string paramName)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value is "." or ".." || !value.All(IsSafeChar))
        {
            throw new ArgumentException(
                $"'{value}' cannot name a directory: use 1 to {MaxLength} letters, digits, '.', '_' or '-' (and not '.' or '..').",
                paramName);
        }

        return value;
    }

    /// <summary>
    /// A file name made from any text: unsafe characters become '_', and a leading dot too, so the result is never
    /// empty, hidden, '.', '..' or a path (<c>checks.lint</c> stays <c>checks.lint</c>; <c>a/b</c> becomes <c>a_b</c>).
    /// </summary>
    public static string SafeFileName(string name)
    {
        var builder = new StringBuilder(Math.Min(name.Length, MaxLength));
        foreach (var c in name.AsSpan(0, Math.Min(name.Length, MaxLength)))
        {
            builder.Append(IsSafeChar(c) ? c : '_');
        }

        if (builder.Length == 0 || builder[0] == '.')
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private static bool IsSafeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
