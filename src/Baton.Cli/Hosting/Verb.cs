using System.CommandLine;
using Baton.Cli.Output;
using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Core.Store;
using Baton.Core.Workspaces;
using Baton.Store.Sqlite;

namespace Baton.Cli.Hosting;

/// <summary>Wires a verb's action with the shared options, output and the one mapping from failures to exit codes.</summary>
public static class Verb
{
    public static void Action(Command command, Func<ParseResult, Ui, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, _) =>
        {
            var ui = Ui.ForConsole(parse.GetValue(GlobalOptions.Format));
            try
            {
                return await action(parse, ui, Shutdown.Token);
            }
            catch (OperationCanceledException) when (Shutdown.Requested)
            {
                return ExitCodes.Interrupted;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var (message, details, code) = Describe(ex);
                ui.Error(message, details, code);
                return code;
            }
        });

    /// <summary>Runs a verb that needs the configured app (config, store, engine).</summary>
    /// <param name="oneShot">A verb that runs one run and exits: it makes no spare worktrees (<see cref="Engine.Execution.EngineServices.MakeSpares"/>).</param>
    public static void WithApp(Command command, Func<BatonApp, ParseResult, Ui, CancellationToken, Task<int>> action, bool oneShot = false) =>
        Action(command, async (parse, ui, ct) =>
        {
            await using var app = await BatonApp.OpenAsync(parse.GetValue(GlobalOptions.Config), ct, oneShot);
            try
            {
                return await action(app, parse, ui, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && Describe(ex).Code == ExitCodes.Internal)
            {
                // What a person sees is one line; the log file keeps the whole exception.
                CliLog.VerbCrashed(app.Log, command.Name, ex);
                throw;
            }
        });

    private static (string Message, IReadOnlyList<string> Details, int Code) Describe(Exception ex) => ex switch
    {
        UserErrorException user => (user.Message, user.Details, user.ExitCode),
        DeskException desk => (desk.Message, desk.Problems, ExitCodes.BadInput),
        IllegalTransitionException illegal => (illegal.Message, [], ExitCodes.BadInput),
        WorkspaceException ws => (ws.Message, [], ExitCodes.BadInput),
        ArgumentException arg => (arg.Message, [], ExitCodes.BadInput),
        StoreException store => (store.Message, [], ExitCodes.Internal),
        Matrix.Client.MatrixException matrix when matrix.IsTransient => ($"the Matrix homeserver failed: {matrix.Message}; try again later", [], ExitCodes.Internal),
        Matrix.Client.MatrixException matrix => ($"the Matrix homeserver refused: {matrix.Error} ({matrix.ErrorCode}); check matrix: in baton.yaml and the bot's credentials", [], ExitCodes.BadInput),
        HttpRequestException http => ($"cannot reach the Matrix homeserver: {http.Message}; check matrix.homeserver and that it is up", [], ExitCodes.Internal),
        UnauthorizedAccessException denied => ($"{denied.Message}; check the permissions of the state directory", [], ExitCodes.Internal),
        IOException io => ($"{io.Message}; check free disk space and permissions of the state directory", [], ExitCodes.Internal),
        _ => ($"internal error ({ex.GetType().Name}): {ex.Message}", [], ExitCodes.Internal),
    };
}
