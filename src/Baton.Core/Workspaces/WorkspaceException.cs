namespace Baton.Core.Workspaces;

/// <summary>A repository or workspace problem the user can fix; the message says how.</summary>
public sealed class WorkspaceException(string message, Exception? inner = null) : Exception(message, inner);
