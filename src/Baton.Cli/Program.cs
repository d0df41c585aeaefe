using System.CommandLine;
using Baton.Cli.Commands;
using Baton.Cli.Hosting;
using Baton.Cli.Output;

namespace Baton.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Shutdown.Install();
        var root = BuildRoot();
        var parse = root.Parse(args);
        // `baton nosuchverb --help` (or `baton tasks nosuch --help`) is bad usage too: help would hide the unknown verb.
        var problems = parse.Errors.Select(e => e.Message)
            .Concat(parse.Errors.Count == 0 && parse.CommandResult.Command.Subcommands.Count > 0
                ? parse.UnmatchedTokens.Select(t => $"Unrecognized command or argument '{t}'.")
                : [])
            .ToList();
        if (problems.Count > 0)
        {
            var ui = Ui.ForConsole(parse.GetValue(GlobalOptions.Format));
            ui.Error("bad usage", problems.Append("`baton --help` lists the verbs; `baton <verb> --help` shows a verb's usage").ToList(), ExitCodes.BadInput);
            return ExitCodes.BadInput;
        }

        var code = await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        return code == ExitCodes.Interrupted ? Shutdown.InterruptedExitCode : code;
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Baton — an orchestrator for AI coding agents: isolated workspaces, pipelines, gates that fail closed, a durable event log")
        {
            GlobalOptions.Config,
            GlobalOptions.Format,
        };
        Command[] verbs =
        [
            InitCommand.Create(), RunCommands.Run(), RunCommands.Start(), TasksCommands.Create(), QueueCommands.Drain(),
            QueueCommands.Loop(), QueueCommands.Serve(), QueueCommands.Worker(), NodesCommand.Create(), StatusCommand.Create(), LogsCommand.Create(), ControlCommands.Resume(),
            ControlCommands.Stop(), ControlCommands.Retry(), LandingCommands.Diff(), LandingCommands.Merge(), MetricsCommand.Create(), SyncCommands.Create(), EventsCommand.Create(), QueueControlCommand.Create(), DoctorCommand.Create(),
            MatrixCommands.Create(), .. OversightCommands.Create(),
        ];
        foreach (var verb in verbs)
        {
            root.Subcommands.Add(verb);
        }

        return root;
    }
}
