using Baton.Cli.Hosting;
using Baton.Core.Model;

namespace Baton.Cli.Commands;

/// <summary>Finds tasks and runs by id, with a message that says where to look when there is none.</summary>
public static class Lookup
{
    public static async Task<TaskItem> TaskAsync(BatonApp app, string id, CancellationToken ct) =>
        await app.Store.GetTaskAsync(id, ct)
        ?? throw new UserErrorException($"no task `{id}`; `baton tasks list` shows the tasks");

    public static async Task<RunRecord> RunAsync(BatonApp app, string id, CancellationToken ct) =>
        await app.Store.GetRunAsync(id, ct)
        ?? throw new UserErrorException($"no run `{id}`; `baton status` shows the runs");
}
