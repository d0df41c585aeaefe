namespace Baton.Cli.Commands;

/// <summary>
/// Ignores a path without dirtying tracked files: it goes into <c>.gitignore</c> unless that file is tracked by git (then
/// into <c>.git/info/exclude</c>, which is local and never committed), so the default branch stays clean.
/// </summary>
public static class GitIgnore
{
    public static string Add(string repoRoot, string pattern)
    {
        var gitignore = Path.Combine(repoRoot, ".gitignore");
        var target = IsTracked(repoRoot, ".gitignore") ? Path.Combine(repoRoot, ".git", "info", "exclude") : gitignore;
        if (!Directory.Exists(Path.Combine(repoRoot, ".git")))
        {
            target = gitignore;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var existing = File.Exists(target) ? File.ReadAllLines(target) : [];
        if (!existing.Any(l => l.Trim() == pattern || l.Trim() == "/" + pattern))
        {
            var prefix = existing.Length > 0 && File.ReadAllText(target).EndsWith('\n') is false ? "\n" : "";
            File.AppendAllText(target, $"{prefix}# Baton's state (store, run logs, workspaces)\n{pattern}\n");
        }

        return Path.GetRelativePath(repoRoot, target);
    }

    private static bool IsTracked(string repoRoot, string file)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", repoRoot, "ls-files", "--error-unmatch", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }
}
