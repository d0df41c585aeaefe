namespace Baton.Core.Config;

/// <summary>Tells a clone URL (<c>https://…</c>, <c>ssh://…</c>, <c>file://…</c>, <c>git@host:org/repo.git</c>) from a path.</summary>
public static class RepoUrls
{
    public static bool IsUrl(string repo)
    {
        if (repo.Contains("://", StringComparison.Ordinal))
        {
            return true;
        }

        // git's scp-like form: `user@host:path`, a colon with no slash before it.
        var colon = repo.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && repo.IndexOf('/', StringComparison.Ordinal) is var slash && (slash < 0 || slash > colon)
            && repo.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < colon;
    }

    /// <summary>True when the URL carries a password or token (<c>https://user:secret@host/…</c>), which must never be in a file.</summary>
    public static bool HasCredentials(string repo)
    {
        var scheme = repo.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return false;
        }

        var rest = repo[(scheme + 3)..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return at > 0 && (slash < 0 || at < slash) && rest[..at].Contains(':', StringComparison.Ordinal);
    }
}
