namespace Baton.Core.Config;

/// <summary>
/// The shape of a command policy pattern (<c>policy.blocked_commands</c>, <c>confirm_commands</c>,
/// <c>watched_patterns</c>), shared by Baton's own matcher and the adapters that write the patterns into a CLI's own
/// rules, so both read a pattern the same way: a <c>*</c> stands for anything between trimmed pieces; a pattern
/// without one matches where it is not just the start of a longer word (unless it ends in punctuation), anywhere in
/// the command, whitespace runs counting as one space.
/// </summary>
public static class CommandPattern
{
    public static bool HasWildcard(string pattern) => pattern.Contains('*', StringComparison.Ordinal);

    /// <summary>What must appear in order: the pattern itself, or its trimmed non-empty pieces around each <c>*</c>.</summary>
    public static IReadOnlyList<string> Pieces(string pattern) => HasWildcard(pattern)
        ? [.. pattern.Split('*').Select(p => p.Trim()).Where(p => p.Length > 0)]
        : [pattern];

    /// <summary>Must the character after a match be no word character? (<c>rm -rf /</c> is not <c>rm -rf /tmp</c>.)</summary>
    public static bool NeedsWordEnd(string pattern) => !HasWildcard(pattern) && pattern.Length > 0 && IsWordChar(pattern[^1]);

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '/' or '_' or '-';
}
