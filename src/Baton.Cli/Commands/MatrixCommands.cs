using System.CommandLine;
using Baton.Cli.Chat;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Matrix.Rooms;

namespace Baton.Cli.Commands;

/// <summary><c>baton matrix reconcile</c> and <c>baton matrix reset</c>: the room hierarchy, without serving.</summary>
public static class MatrixCommands
{
    private static readonly string[] Modes = ["local-only", "server-leave-forget"];

    public static Command Create()
    {
        var command = new Command("matrix", "Matrix hierarchy maintenance: reconcile, reset");
        command.Subcommands.Add(Reconcile());
        command.Subcommands.Add(Reset());
        return command;
    }

    private static Command Reconcile()
    {
        var command = new Command("reconcile", "Make or adopt the workspace space, project spaces and lobbies; invite members; print what changed");
        Verb.WithApp(command, async (app, _, ui, ct) =>
        {
            var matrix = app.Config.Matrix ?? throw new UserErrorException("baton.yaml has no matrix: section; see the README's Matrix part");
            using var client = ChatWiring.Client(matrix);
            await client.ConnectAsync(ct);
            var changes = await ChatWiring.Hierarchy(app, client).ReconcileAsync(ct);
            var rooms = (await app.Store.ListChatRoomsAsync(ct)).Select(r => new RoomResult(r.RoomId, r.Kind.ToString().ToLowerInvariant(), r.Key)).ToList();
            ui.Result(new ReconcileResult(changes, rooms), static j => j.ReconcileResult, u => u.Line(changes.Count == 0 ? "nothing to change" : string.Join("\n", changes)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Reset()
    {
        var mode = new Option<string>("--mode") { Description = "local-only (forget Baton's Matrix state) or server-leave-forget (also leave and forget every room Baton manages)", DefaultValueFactory = _ => "local-only" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be done; change nothing" };
        var command = new Command("reset", "Forget Baton's Matrix state, and optionally leave its rooms") { mode, dryRun };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var chosen = parse.GetValue(mode)!;
            if (!Modes.Contains(chosen))
            {
                throw new UserErrorException($"--mode must be one of {string.Join(", ", Modes)}, not `{chosen}`");
            }

            var dry = parse.GetValue(dryRun);
            var reset = new MatrixReset(app.Store);
            IReadOnlyList<string> actions;
            if (chosen == "local-only")
            {
                actions = await reset.LocalAsync(dry, ct);
            }
            else
            {
                var matrix = app.Config.Matrix ?? throw new UserErrorException("--mode server-leave-forget needs the matrix: section of baton.yaml");
                using var client = ChatWiring.Client(matrix);
                await client.ConnectAsync(ct);
                actions = await reset.ServerAsync(client, dry, ct);
            }

            ui.Result(new ResetResult(chosen, dry, actions), static j => j.ResetResult, u =>
            {
                foreach (var action in actions)
                {
                    u.Line((dry ? "would " : "") + action);
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
