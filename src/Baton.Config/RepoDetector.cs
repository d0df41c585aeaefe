using System.Runtime.InteropServices;

namespace Baton.Config;

/// <summary>Looks at the machine and the repository for what the defaults depend on: installed agent CLIs and build/test commands.</summary>
public static class RepoDetector
{
    /// <summary>The agent CLIs Baton knows, in the order a default agent is chosen.</summary>
    public static IReadOnlyList<string> AgentClis { get; } = ["codex", "claude", "gemini", "opencode"];

    /// <summary>Everything <see cref="ConfigLoader"/> needs for defaults, for the repository containing <paramref name="workingDirectory"/>.</summary>
    public static ConfigDefaults Detect(string workingDirectory)
    {
        var root = FindRepoRoot(workingDirectory);
        return new ConfigDefaults(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)), DetectAgents(), DetectGates(root))
        {
            Bootstrap = BootstrapDetector.Detect(root),
        };
    }

    /// <summary>
    /// The same facts for loading a configuration, looked up only if the file leaves them out: agents when it has no
    /// <c>agents:</c>, gates when the implicit <c>default</c> pipeline is used. The bootstrap (only <c>baton init</c> writes
    /// it) is not looked for. A one-shot command with a full <c>baton.yaml</c> reads no directory and no PATH for them.
    /// </summary>
    public static ConfigDefaults DetectWhenNeeded(string workingDirectory)
    {
        var root = FindRepoRoot(workingDirectory);
        return new ConfigDefaults(
            Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)),
            new DeferredList<string>(() => DetectAgents()),
            new DeferredList<string>(() => DetectGates(root)));
    }

    /// <summary>The nearest directory at or above <paramref name="directory"/> holding <c>.git</c>; the directory itself when there is none.</summary>
    public static string FindRepoRoot(string directory) => TryFindRepoRoot(directory) ?? Path.GetFullPath(directory);

    /// <summary>The nearest directory at or above <paramref name="directory"/> holding <c>.git</c>, or null outside any repository.</summary>
    public static string? TryFindRepoRoot(string directory)
    {
        var start = Path.GetFullPath(directory);
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static IReadOnlyList<string> DetectAgents() => DetectAgents(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Which of <see cref="AgentClis"/> are executable files in the directories of <paramref name="searchPath"/> (PATH syntax).</summary>
    public static IReadOnlyList<string> DetectAgents(string? searchPath)
    {
        var dirs = (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. AgentClis.Where(cli => dirs.Any(dir => IsExecutable(dir, cli)))];
    }

    /// <summary>True when <paramref name="name"/> is an executable file in a PATH directory.</summary>
    public static bool IsOnPath(string name) =>
        name.Length > 0 && (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(dir => IsExecutable(dir, name));

    private static bool IsExecutable(string dir, string name)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            var extensions = (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries);
            return extensions.Any(ext => File.Exists(Path.Combine(dir, name + ext)));
        }

        var path = Path.Combine(dir, name);
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            return File.Exists(path) && (File.GetUnixFileMode(path) & anyExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The build and test commands the files at the root of <paramref name="repoRoot"/> suggest, build before test.</summary>
    public static IReadOnlyList<string> DetectGates(string repoRoot) => GateDetector.Detect(repoRoot);
}
