using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Baton.Web.Security;

/// <summary>
/// Who may use the API: a token (compared in constant time) names its holder; a browser exchanges its token once on
/// the sign-in page for a random session id kept here (in memory: a restarted service asks the browser to sign in again).
/// </summary>
internal sealed class Sessions(IReadOnlyList<ApiToken> tokens)
{
    public const string Cookie = "baton_session";

    private readonly ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);

    public bool Required => tokens.Count > 0;

    /// <summary>The name of the token's holder, or null when no token matches.</summary>
    public string? Holder(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        string? holder = null;
        foreach (var token in tokens)
        {
            // Every token is compared, so the time taken says nothing about which one nearly matched.
            if (CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(token.Secret.Reveal())))
            {
                holder ??= token.Name;
            }
        }

        return holder;
    }

    public string Open(string holder)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _sessions[id] = holder;
        return id;
    }

    public string? SessionHolder(string? id) => id is not null && _sessions.TryGetValue(id, out var holder) ? holder : null;

    public void Close(string? id)
    {
        if (id is not null)
        {
            _sessions.TryRemove(id, out _);
        }
    }
}
