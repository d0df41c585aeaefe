using Baton.Core.Ports;
using Baton.Core.Processes;
using Baton.Core.Workspaces;
using Baton.Processes;

namespace Baton.Git.Cli;

/// <summary>
/// Runs git through the process runner with Baton's explicit child environment. Git never prompts (a prompt would
/// hang an unattended run); its stderr travels into the <see cref="WorkspaceException"/> when a call must succeed.
/// </summary>
internal sealed class GitCli(IProcessRunner runner)
{
    private readonly IReadOnlyDictionary<string, string> _environment =
        ChildEnvironment.Create(new Dictionary<string, string> { ["GIT_TERMINAL_PROMPT"] = "0" });

    /// <summary>Runs git; <paramref name="background"/> runs it at a lower CPU priority (work nobody waits for).</summary>
    public async Task<GitOutput> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken ct, bool background = false)
    {
        var stdout = new List<string>();
        var stderr = new List<string>();
        var spec = new ProcessSpec
        {
            FileName = background ? "nice" : "git",
            Arguments = background ? ["-n", "5", "git", .. arguments] : arguments,
            WorkingDirectory = workingDirectory,
            Environment = _environment,
            TailLines = 0,
            Helper = true,
        };
        var callbacks = new ProcessCallbacks { OnLine = line => (line.IsError ? stderr : stdout).Add(line.Text) };

        ProcessResult result;
        try
        {
            result = await runner.RunAsync(spec, callbacks, ct);
        }
        catch (ProcessStartException e)
        {
            throw new WorkspaceException($"Cannot run git in {workingDirectory}: {e.Message} Baton needs git installed and on PATH.", e);
        }

        if (result.Cancelled)
        {
            throw new OperationCanceledException(ct);
        }

        return new GitOutput(arguments, workingDirectory, result.ExitCode ?? -1, stdout, stderr);
    }

    /// <summary>Runs git and throws a <see cref="WorkspaceException"/> carrying git's message and <paramref name="advice"/> on failure.</summary>
    public async Task<GitOutput> RunCheckedAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken ct, string? advice = null)
    {
        var output = await RunAsync(workingDirectory, arguments, ct);
        return output.Succeeded ? output : throw Failure(output, advice);
    }

    public static WorkspaceException Failure(GitOutput output, string? advice = null)
    {
        var message = $"`{output.Command}` failed in {output.WorkingDirectory} (exit {output.ExitCode}): {output.ErrorText}";
        return new WorkspaceException(advice is null ? message : $"{message}\n{advice}");
    }
}
