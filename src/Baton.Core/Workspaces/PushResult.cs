namespace Baton.Core.Workspaces;

/// <summary>A task branch pushed: the commit the remote now holds, and the one it replaced when the push overwrote.</summary>
public sealed record PushResult(string Commit, string? Replaced);
