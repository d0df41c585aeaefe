using System.Security.Cryptography;
using System.Text;

namespace Baton.Core.Tasks;

/// <summary>Stable identities for tasks that have no id of their own: a hash of the normalized title.</summary>
public static class TaskKeys
{
    /// <summary>The title with case and runs of whitespace ignored, so reflowing or re-casing a line keeps its identity.</summary>
    public static string Normalize(string title) =>
        string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    public static string Hash(string title)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(title)));
        return Convert.ToHexStringLower(bytes)[..16];
    }

    public static string Markdown(string title) => "md:" + Hash(title);

    public static string Json(string? id, string title) => id is not null ? "json:" + id : "json#" + Hash(title);
}
