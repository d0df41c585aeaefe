namespace Baton.Processes;

/// <summary>
/// Finds the file a spec names before anything is started, so that a missing program is a clear
/// <see cref="ProcessStartException"/> rather than an exit code 127 from <c>setsid</c>.
/// </summary>
internal static class ExecutableResolver
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// A name with a slash is taken relative to the working directory, as the child would; a bare name is looked
    /// up on the child's PATH, or on Baton's own PATH when the spec does not set one.
    /// </summary>
    public static string Resolve(string fileName, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new ProcessStartException(fileName, "Cannot start a process with an empty program name: set the command to run.");
        }

        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(fileName, workingDirectory);
            return IsExecutable(full)
                ? full
                : throw new ProcessStartException(fileName, $"Cannot start '{fileName}': {full} {Problem(full)}.");
        }

        var searchPath = environment.TryGetValue("PATH", out var childPath) ? childPath : Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(Path.GetFullPath(dir, workingDirectory), fileName);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new ProcessStartException(
            fileName,
            $"Cannot start '{fileName}': it is not on PATH ({searchPath}). Install it, add its directory to PATH, or configure its absolute path.");
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        // Baton runs children on Linux only; the guard keeps the platform analyzer satisfied.
        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }

    private static string Problem(string path) =>
        File.Exists(path) ? "is not executable (chmod +x it)" : "does not exist (check the path)";
}
