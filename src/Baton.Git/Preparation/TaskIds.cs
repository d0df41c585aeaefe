using System.Text.RegularExpressions;
using Baton.Core.Workspaces;

namespace Baton.Git.Preparation;

/// <summary>
/// A task id becomes a directory name and a branch name, so it must be safe as both: one path segment that cannot
/// climb out of the workspace root, and a valid git ref component.
/// </summary>
internal static partial class TaskIds
{
    private const int MaxLength = 100;

    public static void Validate(string taskId)
    {
        if (taskId is null || taskId.Length > MaxLength || !SafeSegment().IsMatch(taskId)
            || taskId.Contains("..", StringComparison.Ordinal)
            || taskId.EndsWith(".lock", StringComparison.Ordinal) || taskId.EndsWith('.'))
        {
            throw new WorkspaceException(
                $"Task id '{taskId}' cannot name a workspace: use 1-{MaxLength} letters, digits, '.', '_' or '-', "
                + "starting with a letter or digit (no '/', no '..').");
        }
    }

    /// <summary>The workspace directory for a task, checked to lie directly inside <paramref name="root"/>.</summary>
    public static string WorkspaceDirectory(string root, string taskId)
    {
        Validate(taskId);
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var dir = Path.GetFullPath(Path.Combine(fullRoot, taskId));
        return Path.GetDirectoryName(dir) == fullRoot
            ? dir
            : throw new WorkspaceException($"The workspace for task '{taskId}' would lie outside {fullRoot}.");
    }

    public static string Branch(string taskId) => $"baton/{taskId}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SafeSegment();
}
