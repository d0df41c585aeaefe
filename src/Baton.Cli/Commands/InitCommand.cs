using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Config;
using Baton.Core.Workspaces;
using Baton.Git;
using Baton.Processes;

namespace Baton.Cli.Commands;

/// <summary><c>baton init</c>: a commented baton.yaml for this repository, and <c>.baton/</c> git-ignored.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force") { Description = "Overwrite an existing baton.yaml" };
        var command = new Command("init", "Write a commented baton.yaml for this repository (detecting agent CLIs and build/test commands)") { force };
        Verb.Action(command, async (parse, ui, ct) =>
        {
            var cwd = Directory.GetCurrentDirectory();
            var root = RepoDetector.TryFindRepoRoot(cwd)
                ?? throw new UserErrorException($"{cwd} is not inside a git repository; run `git init` first (Baton works on git repositories)");
            var path = Path.Combine(root, "baton.yaml");
            if (File.Exists(path) && !parse.GetValue(force))
            {
                throw new UserErrorException($"{path} already exists; edit it, or pass --force to replace it");
            }

            var branch = await DefaultBranchAsync(root, ct);
            var defaults = RepoDetector.Detect(root);
            var text = InitTemplate.Render(defaults, branch);
            var temp = path + ".tmp";
            await File.WriteAllTextAsync(temp, text, ct);
            File.Move(temp, path, overwrite: true);
            var ignoredIn = GitIgnore.Add(root, ".baton/");
            ui.Result(new InitResult(path, defaults.InstalledAgents, defaults.Gates, branch, ignoredIn), static j => j.InitResult, u =>
            {
                u.Line($"wrote {path}");
                u.Line($"  agents found   {(defaults.InstalledAgents.Count == 0 ? "none (a `shell` command agent is set up as an example)" : string.Join(", ", defaults.InstalledAgents))}");
                u.Line($"  gates          {(defaults.Gates.Count == 0 ? "none detected" : string.Join(", ", defaults.Gates))}");
                u.Line($"  default branch {branch}");
                u.Line($"  .baton/ is git-ignored in {ignoredIn}");
                u.Line("next: baton doctor, then baton run \"…\"");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<string> DefaultBranchAsync(string root, CancellationToken ct)
    {
        try
        {
            return (await new GitWorkspaceManager(new ProcessRunner()).InspectAsync(root, null, ct)).DefaultBranch;
        }
        catch (WorkspaceException)
        {
            return "main";
        }
    }
}
