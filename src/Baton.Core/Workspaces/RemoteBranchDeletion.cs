namespace Baton.Core.Workspaces;

/// <summary>
/// What one guarded deletion of task branches on a remote did: <see cref="Deleted"/> are gone from the remote (by this
/// push, or already), <see cref="Moved"/> were kept because the remote's branch is no longer the commit judged.
/// </summary>
public sealed record RemoteBranchDeletion(IReadOnlyList<string> Deleted, IReadOnlyList<string> Moved);
