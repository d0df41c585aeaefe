using Baton.Core.Config;

namespace Baton.Engine.Execution;

/// <summary>What the command policy says of one command line.</summary>
public enum CommandVerdict
{
    Allowed,
    /// <summary>Matches <c>policy.blocked_commands</c>: never runs.</summary>
    Blocked,
    /// <summary>Matches <c>policy.confirm_commands</c>: runs once a person says yes.</summary>
    Confirm,
}

/// <summary>The verdict, the pattern that decided it, and a watched pattern it also matches (allowed, but flagged).</summary>
public readonly record struct CommandDecision(CommandVerdict Verdict, string? Pattern, string? Watched, string? Reason)
{
    public static readonly CommandDecision Allowed = new(CommandVerdict.Allowed, null, null, null);
}

/// <summary>
/// Checks a command line against the policy: <c>blocked_commands</c> first, then <c>confirm_commands</c>, then
/// <c>watched_patterns</c>. Pure and allocation-light: it runs for every command an agent asks to run.
/// </summary>
public static class CommandPolicy
{
    public static string? Violation(string command, PolicyConfig policy) =>
        Decide(command, policy) is { Verdict: CommandVerdict.Blocked } decision ? decision.Reason : null;

    public static CommandDecision Decide(string command, PolicyConfig policy)
    {
        var normalized = Normalize(command);
        if (FirstMatch(normalized, policy.BlockedCommands) is { } blocked)
        {
            return new(CommandVerdict.Blocked, blocked, null, $"command `{command}` matches blocked pattern `{blocked}` (policy.blocked_commands)");
        }

        var watched = FirstMatch(normalized, policy.WatchedPatterns);
        if (FirstMatch(normalized, policy.ConfirmCommands) is { } confirm)
        {
            return new(CommandVerdict.Confirm, confirm, watched, $"command `{command}` matches `{confirm}` (policy.confirm_commands): a person must say yes");
        }

        return watched is null ? CommandDecision.Allowed
            : new(CommandVerdict.Allowed, null, watched, $"command `{command}` matches watched pattern `{watched}` (policy.watched_patterns)");
    }

    private static string Normalize(string command)
    {
        var span = command.AsSpan().Trim();
        var spaced = false;
        foreach (var c in span)
        {
            if (char.IsWhiteSpace(c) && (spaced || c != ' '))
            {
                return string.Join(' ', command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }

            spaced = c == ' ';
        }

        return span.Length == command.Length ? command : span.ToString();
    }

    private static string? FirstMatch(string command, IReadOnlyList<string> patterns)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (Matches(command, patterns[i]))
            {
                return patterns[i];
            }
        }

        return null;
    }

    /// <summary>
    /// A pattern matches where it is not just the start of a longer word or path: `rm -rf /` blocks `rm -rf /` and
    /// `rm -rf /*`, not `rm -rf /tmp/x`; a pattern ending in punctuation (`dd if=`) matches whatever follows. A `*`
    /// in a pattern stands for anything: `curl * | sh` matches `curl -fsSL https://x | sh`. <see cref="CommandPattern"/>
    /// describes the same shape to the adapters that write the patterns into a CLI's own rules.
    /// </summary>
    private static bool Matches(string command, string pattern)
    {
        if (pattern.Length == 0)
        {
            return false;
        }

        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return MatchesFrom(command, pattern, 0) >= 0;
        }

        var at = 0;
        foreach (var part in pattern.Split('*'))
        {
            var piece = part.Trim();
            if (piece.Length == 0)
            {
                continue;
            }

            var found = command.IndexOf(piece, at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + piece.Length;
        }

        return true;
    }

    /// <summary>Where <paramref name="pattern"/> matches at a word end from <paramref name="from"/>, or -1.</summary>
    private static int MatchesFrom(string command, string pattern, int from)
    {
        for (var at = command.IndexOf(pattern, from, StringComparison.Ordinal); at >= 0; at = command.IndexOf(pattern, at + 1, StringComparison.Ordinal))
        {
            var end = at + pattern.Length;
            if (!CommandPattern.IsWordChar(pattern[^1]) || end == command.Length || !CommandPattern.IsWordChar(command[end]))
            {
                return at;
            }
        }

        return -1;
    }
}
