namespace Baton.Testing;

/// <summary>
/// The real agent CLIs the tests drive, installed at pinned versions by <c>scripts/install-agent-clis</c> (the README's
/// test command runs it) under <c>.cache/agents/</c>. A missing CLI fails the test with what to run; it never skips.
/// </summary>
public static class AgentClis
{
    public static string Path(string cli)
    {
        var cache = System.IO.Path.Combine(RepoRoot(), ".cache", "agents");
        if (Directory.Exists(cache))
        {
            foreach (var dir in Directory.EnumerateDirectories(cache))
            {
                var candidate = System.IO.Path.Combine(dir, "node_modules", ".bin", cli);
                if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(dir, ".installed")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"the {cli} CLI is not installed for the tests; run scripts/install-agent-clis (./run-tests does)");
    }

    /// <summary>A PATH with every installed agent CLI's bin directory first.</summary>
    public static string SearchPath()
    {
        var dirs = new[] { "codex", "claude", "gemini", "opencode" }.Select(c => System.IO.Path.GetDirectoryName(Path(c))!);
        return string.Join(':', dirs.Append(Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"));
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Baton.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Baton.slnx) above " + AppContext.BaseDirectory);
    }
}
