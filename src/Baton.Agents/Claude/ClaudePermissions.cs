namespace Baton.Agents.Claude;

/// <summary>
/// What Claude may do without asking, from the agent's <c>sandbox</c> setting. In <c>-p</c> mode nobody can answer a
/// permission prompt, so anything not allowed up front is refused (a <c>permission_denied</c> record).
/// </summary>
public static class ClaudePermissions
{
    /// <summary>
    /// <c>workspace-write</c> (the default): file edits are accepted inside the workspace only (acceptEdits refuses
    /// writes outside it) and Bash, Read, Glob and Grep are allowed. Works as root, unlike bypassPermissions.
    /// <c>read-only</c>: only Read, Glob and Grep. <c>danger-full-access</c>: no checks at all.
    /// </summary>
    public static IReadOnlyList<string> Flags(string? sandbox) => sandbox switch
    {
        "read-only" => ["--permission-mode", "default", "--allowedTools", "Read,Glob,Grep"],
        "danger-full-access" => ["--permission-mode", "bypassPermissions"],
        _ => ["--permission-mode", "acceptEdits", "--allowedTools", "Bash,Read,Glob,Grep"],
    };

    /// <summary>bypassPermissions exits 1 as root unless told it runs in a sandbox; the user asked for no checks.</summary>
    public static IReadOnlyDictionary<string, string> Environment(string? sandbox) => sandbox == "danger-full-access"
        ? new Dictionary<string, string> { ["IS_SANDBOX"] = "1" }
        : new Dictionary<string, string>();
}
