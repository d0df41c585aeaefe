namespace Baton.Engine.Oversight;

/// <summary>
/// Where an agent may push: only the task's own branch (<c>baton/&lt;task&gt;</c>), only to the project's remote
/// (<c>origin</c>). A <c>git push</c> naming another remote or URL, another branch, or everything at once
/// (<c>--all</c>, <c>--mirror</c>, <c>--tags</c>, deletions) is a violation. A bare <c>git push</c> pushes the checked
/// out branch — in a task's workspace, the task's branch — and passes.
/// </summary>
public static class PushRule
{
    public const string Remote = "origin";

    private static readonly HashSet<string> Sweeping = new(["--all", "--mirror", "--tags", "--delete", "-d", "--prune", "--repo"], StringComparer.Ordinal);

    /// <summary>Why the command's push goes beyond the task's branch, or null (no push, or an allowed one).</summary>
    public static string? Violation(string command, string? taskBranch)
    {
        for (var at = command.IndexOf("git push", StringComparison.Ordinal); at >= 0; at = command.IndexOf("git push", at + 8, StringComparison.Ordinal))
        {
            if ((at > 0 && !IsBoundary(command[at - 1])) || (at + 8 < command.Length && !IsBoundary(command[at + 8])))
            {
                continue;
            }

            var (remote, refspecs, sweeping) = Parse(Segment(command, at + 8));
            var why = sweeping is not null ? $"`{sweeping}` pushes more than one branch"
                : remote is not null && remote != Remote ? $"it pushes to `{remote}`, not the project's remote `{Remote}`"
                : refspecs.FirstOrDefault(r => !IsTaskBranch(r, taskBranch)) is { } other ? $"it pushes `{other}`, not the task's branch `{taskBranch}`"
                : null;
            if (why is not null)
            {
                return $"`{command.Trim()}` is refused: {why}; agents may push only their task's branch to `{Remote}`";
            }
        }

        return null;
    }

    /// <summary>The push's arguments: up to the end of its shell command (a separator, or the quote that closes a <c>bash -c '…'</c>).</summary>
    private static string Segment(string command, int from)
    {
        var end = command.IndexOfAny([';', '&', '|', '\n', ')', '\'', '"', '`'], from);
        return end < 0 ? command[from..] : command[from..end];
    }

    private static (string? Remote, List<string> Refspecs, string? Sweeping) Parse(string args)
    {
        string? remote = null;
        var refspecs = new List<string>();
        foreach (var token in args.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith('-'))
            {
                var name = token.Split('=', 2)[0];
                if (Sweeping.Contains(name))
                {
                    return (remote, refspecs, token);
                }

                continue;
            }

            if (remote is null)
            {
                remote = token;
            }
            else
            {
                refspecs.Add(token);
            }
        }

        return (remote, refspecs, null);
    }

    private static bool IsTaskBranch(string refspec, string? taskBranch)
    {
        var spec = refspec.TrimStart('+');
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon == 0)
        {
            return false; // `:branch` deletes it.
        }

        var destination = colon < 0 ? spec : spec[(colon + 1)..];
        if (destination == "HEAD" && colon < 0)
        {
            return true; // The checked-out branch: the task's own.
        }

        destination = destination.StartsWith("refs/heads/", StringComparison.Ordinal) ? destination["refs/heads/".Length..] : destination;
        return taskBranch is not null && destination == taskBranch;
    }

    private static bool IsBoundary(char c) => char.IsWhiteSpace(c) || c is ';' or '&' or '|' or '(' or '\'' or '"' or '`';
}
