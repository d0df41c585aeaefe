namespace Baton.Git.Preparation;

/// <summary>
/// Remembers the commit a task branch started from, in <c>&lt;git common dir&gt;/baton/base/&lt;task-id&gt;</c>. The
/// default branch moves on (and may even absorb the task branch), so a merge-base computed later is not always the
/// commit the task started from; the file keeps the answer stable across resume, retry and re-creation of the
/// worktree. Plain file I/O, so remembering costs no git process.
/// </summary>
internal static class BaseCommitFile
{
    public static string? Read(string commonGitDir, string taskId)
    {
        try
        {
            var sha = File.ReadAllText(PathOf(commonGitDir, taskId)).Trim();
            return sha.Length is 40 or 64 && sha.All(char.IsAsciiHexDigitLower) ? sha : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static void Write(string commonGitDir, string taskId, string sha)
    {
        var path = PathOf(commonGitDir, taskId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, sha + "\n");
        File.Move(temp, path, overwrite: true);
    }

    private static string PathOf(string commonGitDir, string taskId) => Path.Combine(commonGitDir, "baton", "base", taskId);
}
