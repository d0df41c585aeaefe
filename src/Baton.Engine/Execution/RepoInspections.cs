using System.Collections.Concurrent;
using Baton.Core.Ports;
using Baton.Core.Workspaces;

namespace Baton.Engine.Execution;

/// <summary>
/// Remembers what a repository inspection found for a short while, so a queue of many tasks on one repository does
/// not pay three git processes per run, and a one-shot command inspects once (at submission) instead of twice. Only
/// successful inspections are kept.
/// </summary>
public sealed class RepoInspections(IWorkspaceManager workspaces, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<(string Path, string? Branch), (RepoInfo Info, DateTimeOffset At)> _seen = new();

    public async Task<RepoInfo> InspectAsync(string path, string? defaultBranch, CancellationToken ct)
    {
        var key = (path, defaultBranch);
        var now = time.GetUtcNow();
        if (_seen.TryGetValue(key, out var hit) && now - hit.At < Fresh)
        {
            return hit.Info;
        }

        var info = await workspaces.InspectAsync(path, defaultBranch, ct);
        _seen[key] = (info, now);
        return info;
    }
}
