namespace Baton.Core.Workspaces;

/// <summary>
/// A push refused because the remote's task branch is no longer the commit this node last saw (git's
/// <c>--force-with-lease</c>): another node pushed to it since.
/// </summary>
public sealed class BranchMovedException(string message) : Exception(message);
