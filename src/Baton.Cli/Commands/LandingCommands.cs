using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;

namespace Baton.Cli.Commands;

/// <summary><c>baton diff TASK [--stat]</c> and <c>baton merge TASK [--squash]</c>: read and land a task's branch.</summary>
public static class LandingCommands
{
    public static Command Diff()
    {
        var id = new Argument<string>("task");
        var stat = new Option<bool>("--stat") { Description = "Only the changed files with lines added and deleted" };
        var command = new Command("diff", "The task branch against the default branch (from where they parted): changed files and the patch") { id, stat };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var diff = await app.Desk.DiffAsync(parse.GetValue(id)!, ct);
            ui.Result(diff, static j => j.BranchDiff, u =>
            {
                foreach (var file in diff.Files)
                {
                    u.Line($" {file.Path} | +{file.Additions} -{file.Deletions}");
                }

                u.Line($" {diff.Files.Count} file(s) changed on {diff.Branch} against {diff.Base}, +{diff.Files.Sum(f => f.Additions)} -{diff.Files.Sum(f => f.Deletions)}");
                if (!parse.GetValue(stat) && diff.Patch.Length > 0)
                {
                    u.Line();
                    u.Line(diff.Patch.TrimEnd('\n'));
                    if (diff.Truncated)
                    {
                        u.Line("… the patch is cut at 1 MiB; `git diff` in the repository shows all of it");
                    }
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Merge()
    {
        var id = new Argument<string>("task");
        var squash = new Option<bool>("--squash") { Description = "One commit on the default branch instead of a merge" };
        var command = new Command("merge", "Merge a succeeded task's branch into the default branch (fast-forward when it can); refused, with nothing changed, on a conflict") { id, squash };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var merged = await app.Desk.MergeAsync(parse.GetValue(id)!, parse.GetValue(squash), BatonApp.Actor, ct);
            ui.Result(merged, static j => j.MergeOutcome, u => u.Line(
                $"{merged.Branch} merged into {merged.Into} ({merged.Kind switch { Core.Workspaces.MergeKind.FastForward => "fast-forward", Core.Workspaces.MergeKind.Squash => "squashed", _ => "merge commit" }}): {merged.Into} is now {merged.Commit[..12]}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
