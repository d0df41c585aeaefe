namespace Baton.Agents.Common;

/// <summary>Whether a path an agent names stays inside its workspace (resolved against it, <c>..</c> and all).</summary>
internal static class WorkspaceBounds
{
    public static bool Contains(string workspace, string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace));
        var full = Path.GetFullPath(path, root);
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
