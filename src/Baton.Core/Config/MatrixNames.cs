using System.Text;
using System.Text.RegularExpressions;

namespace Baton.Core.Config;

/// <summary>Shapes of Matrix identifiers, for validating the config and making deterministic aliases.</summary>
public static partial class MatrixNames
{
    public static bool IsUserId(string value) => UserIdPattern().IsMatch(value);

    public static bool IsRoomIdOrAlias(string value) => RoomPattern().IsMatch(value);

    /// <summary>Lower-case letters, digits and dashes, for alias localparts (<c>"My Team!"</c> → <c>my-team</c>).</summary>
    public static string Slug(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "baton" : slug;
    }

    [GeneratedRegex(@"^@[a-z0-9._=/+\-]+:[A-Za-z0-9.\-\[\]:]+$")]
    private static partial Regex UserIdPattern();

    [GeneratedRegex(@"^[#!][^:\s]+:[A-Za-z0-9.\-\[\]:]+$")]
    private static partial Regex RoomPattern();
}
