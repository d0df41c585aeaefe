using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Config;
using Baton.Config.Tasks;
using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Core.Tasks;
using Baton.Core.Text;

namespace Baton.Cli.Commands;

/// <summary>
/// <c>baton tasks sync FILE [--apply]</c>: queue the tasks of a <c>tasks.json</c> or a Markdown checklist, idempotently
/// (each item's external key is remembered). Without <c>--apply</c> it only shows the plan.
/// </summary>
public static class TaskSyncCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "tasks.json or a Markdown checklist such as docs/TASKS.md" };
        var apply = new Option<bool>("--apply") { Description = "Write the new tasks (without it, only show what would change)" };
        var command = new Command("sync", "Queue the open items of a task file; already-synced items are left alone") { file, apply };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            if (!File.Exists(path))
            {
                throw new UserErrorException($"no file {path}; pass a tasks.json or a Markdown checklist (e.g. docs/TASKS.md)");
            }

            var parsed = TaskFileParser.Parse(path, await File.ReadAllTextAsync(path, ct));
            if (parsed.Errors.Count > 0)
            {
                throw new UserErrorException($"{path} has {parsed.Errors.Count} problem(s); nothing was queued", parsed.Errors.Select(e => e.ToString()).ToList());
            }

            var plan = new List<SyncItem>();
            var keyToId = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var draft in parsed.Tasks)
            {
                var existing = draft.ExternalKey is { } key ? await app.Store.FindTaskByExternalKeyAsync(key, ct) : null;
                var action = draft.Done ? "done" : existing is not null ? "exists" : "add";
                plan.Add(new SyncItem(action, draft.Title, existing?.Id, existing?.State, draft));
                if (existing is not null && draft.ExternalKey is not null)
                {
                    keyToId[draft.ExternalKey] = existing.Id;
                }
            }

            var toAdd = Order(plan.Where(p => p.Action == "add").ToList());
            if (parse.GetValue(apply))
            {
                // Every new task is checked before the first is written, so a bad file changes nothing.
                var drafts = toAdd.Select(i => i.Draft).ToList();
                var submitted = await app.Desk.SubmitManyAsync(drafts, new SubmitOptions { Source = TaskSource.File }, BatonApp.Actor, ct);
                for (var n = 0; n < drafts.Count; n++)
                {
                    keyToId[drafts[n].ExternalKey] = submitted[n].Task.Id;
                }

                plan = plan.Select(p => p.Action == "add" ? p with { TaskId = keyToId[p.Draft.ExternalKey!], Action = "added" } : p).ToList();
            }

            var result = new SyncResult(path, parse.GetValue(apply), plan.Select(p => new SyncItemResult(p.Action, p.Title, p.TaskId, p.State)).ToList());
            ui.Result(result, static j => j.SyncResult, u =>
            {
                foreach (var p in plan)
                {
                    u.Line($"  {p.Action,-7} {p.Title}{(p.TaskId is null ? "" : $"  ({p.TaskId}{(p.State is { } s ? ", " + s.WireName() : "")})")}");
                }

                var adds = plan.Count(p => p.Action is "add" or "added");
                u.Line(parse.GetValue(apply)
                    ? $"{adds} task(s) queued, {plan.Count(p => p.Action == "exists")} already queued, {plan.Count(p => p.Action == "done")} done"
                    : $"{adds} task(s) would be queued; run again with --apply to queue them");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Dependencies first; a cycle among new tasks is refused.</summary>
    private static List<SyncItem> Order(List<SyncItem> items)
    {
        var byKey = items.Where(i => i.Draft.ExternalKey is not null).ToDictionary(i => i.Draft.ExternalKey!, StringComparer.Ordinal);
        var ordered = new List<SyncItem>();
        var state = new Dictionary<SyncItem, int>();
        void Visit(SyncItem item, Stack<string> path)
        {
            if (state.TryGetValue(item, out var s))
            {
                if (s == 1)
                {
                    throw new UserErrorException($"depends_on forms a cycle: {string.Join(" → ", path.Reverse().Append(item.Title))}");
                }

                return;
            }

            state[item] = 1;
            path.Push(item.Title);
            foreach (var dep in item.Draft.DependsOn)
            {
                if (byKey.TryGetValue("json:" + dep, out var inner) || byKey.TryGetValue(dep, out inner))
                {
                    Visit(inner, path);
                }
            }

            path.Pop();
            state[item] = 2;
            ordered.Add(item);
        }

        foreach (var item in items)
        {
            Visit(item, new Stack<string>());
        }

        return ordered;
    }

    private sealed record SyncItem(string Action, string Title, string? TaskId, TaskState? State, TaskDraft Draft);
}
