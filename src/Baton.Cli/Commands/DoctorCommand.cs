using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Config;
using Baton.Core.Config;
using Baton.Core.Processes;
using Baton.Engine.Execution;
using Baton.Processes;

namespace Baton.Cli.Commands;

/// <summary><c>baton doctor</c>: checks git, the config, the store, the repository and the agent CLIs, and says how to fix what is missing.</summary>
public static class DoctorCommand
{

    /// <summary>What a run's children get from Baton's environment: the variables set now, by name (values are not shown).</summary>
    private static DoctorCheck ChildrenCheck(BatonConfig config)
    {
        var passed = ChildEnvironment.Inherited.Concat(config.Policy.EnvPass).Concat(config.Projects.SelectMany(p => p.EnvPass))
            .Distinct(StringComparer.Ordinal).ToList();
        var set = passed.Where(n => Environment.GetEnvironmentVariable(n) is not null).ToList();
        var missing = config.Policy.EnvPass.Concat(config.Projects.SelectMany(p => p.EnvPass)).Where(n => Environment.GetEnvironmentVariable(n) is null).Distinct().ToList();
        var secrets = SecretNames.Of(config);
        var detail = $"children get {string.Join(", ", set)} and BATON_*; never {(secrets.Count == 0 ? "Baton's secrets" : string.Join(", ", secrets))} (their values are redacted from what children print)";
        return missing.Count == 0
            ? new DoctorCheck("child env", "ok", detail)
            : new DoctorCheck("child env", "warn", detail + $"; env_pass names unset variables: {string.Join(", ", missing)}", "export them before `baton serve`/`run`, or remove them from env_pass");
    }

    /// <summary>Whether <c>policy.limits</c> can be enforced here (a control group Baton can make), and what holds without one.</summary>
    private static DoctorCheck LimitsCheck(PolicyConfig policy)
    {
        var detail = Processes.Limits.Cgroups.Describe(policy.Limits, out var enforced);
        return enforced ? new DoctorCheck("limits", "ok", detail)
            : new DoctorCheck("limits", policy.Limits.Any ? "warn" : "info", detail,
                "run Baton where it may make control groups (root, or a delegated cgroup v2 subtree) for memory_mb, cpu and processes to hold");
    }

    /// <summary>Whether the policy decides an agent's commands before they run, has its CLI refuse them, or only sees them after.</summary>
    private static DoctorCheck ActionsCheck(string name, AgentConfig agent, PolicyConfig policy)
    {
        if (agent.AsksFirst)
        {
            return new DoctorCheck($"actions {name}", "ok", "asks first: each command and file change is decided by the policy before it runs (blocked refused, confirm_commands put to a person)");
        }

        if (agent.RefusesItself)
        {
            var (own, where) = agent.Kind == AgentKind.Gemini
                ? ("policy", "Gemini's policy engine as deny rules (by command, in yolo mode too)")
                : ("permissions", "opencode's bash permissions as deny rules (by command)");
            return new DoctorCheck($"actions {name}", policy.ConfirmCommands.Count == 0 ? "ok" : "info",
                $"refused by its own {own}, checked after the fact too: blocked_commands and confirm_commands are written into {where}, " +
                "so it refuses them before they run and the model is told; it cannot ask a person, so a command to confirm is refused too; " +
                "one its rules let through (see docs/agents.md) is seen once it has run, and the run is stopped",
                "use a claude or codex agent where a person should say yes to confirm_commands");
        }

        return new DoctorCheck($"actions {name}", "info",
            "checked after the fact: this agent runs commands without asking Baton, so a blocked command (or one to confirm) is seen once it has run, and the run is stopped",
            AgentConfig.CanAsk(agent.Kind) ? "remove `mode: exec` (or the sandbox that asks nothing) to have its commands decided before they run" : "use a claude or codex agent where commands must be decided before they run");
    }

    public static Command Create()
    {
        var command = new Command("doctor", "Check git, config, store, repository and agent CLIs; print what is missing and how to fix it");
        Verb.Action(command, async (parse, ui, ct) =>
        {
            var checks = new List<DoctorCheck>();
            var git = await VersionOfAsync("git", ct);
            checks.Add(git is null
                ? new DoctorCheck("git", "fail", "not found on PATH", "install git (apt-get install git)")
                : new DoctorCheck("git", "ok", git));

            var loaded = BatonApp.LoadConfig(parse.GetValue(GlobalOptions.Config), Directory.GetCurrentDirectory());
            checks.Add(loaded.Errors.Count == 0
                ? new DoctorCheck("config", "ok", loaded.Path ?? "no baton.yaml: built-in defaults")
                : new DoctorCheck("config", "fail", string.Join("; ", loaded.Errors.Select(e => e.ToString())), "fix the keys named above"));

            if (loaded.Errors.Count == 0)
            {
                await CheckAppAsync(parse, checks, ct);
                if (loaded.Config.Agents.Count == 0)
                {
                    checks.Add(new DoctorCheck("agents", "fail", "none configured and no agent CLI installed",
                        "add one under `agents:` in baton.yaml (`baton init` writes an example), or install an agent CLI"));
                }

                foreach (var (name, agent) in loaded.Config.Agents)
                {
                    checks.AddRange(await CheckAgentAsync(name, agent, ct));
                    checks.Add(ActionsCheck(name, agent, loaded.Config.Policy));
                }

                checks.Add(ChildrenCheck(loaded.Config));
                checks.Add(LimitsCheck(loaded.Config.Policy));
            }

            foreach (var cli in RepoDetector.AgentClis)
            {
                var version = await VersionOfAsync(cli, ct);
                checks.Add(new DoctorCheck($"cli {cli}", version is null ? "info" : "ok", version ?? "not installed", version is null ? $"optional: npm install -g the {cli} CLI to use it as an agent" : null));
            }

            ui.Result<IReadOnlyList<DoctorCheck>>(checks, static j => j.IReadOnlyListDoctorCheck, u =>
            {
                foreach (var c in checks)
                {
                    var mark = c.Status switch { "ok" => u.Paint("✔", Colors.Green), "fail" => u.Paint("✖", Colors.Red), "warn" => u.Paint("!", Colors.Yellow), _ => u.Paint("·", Colors.Dim) };
                    u.Line($"{mark} {c.Name,-14} {c.Detail}");
                    if (c.Fix is not null && c.Status != "ok")
                    {
                        u.Line($"  {"",-14} → {c.Fix}");
                    }
                }
            });
            return checks.Any(c => c.Status == "fail") ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    private static async Task CheckAppAsync(ParseResult parse, List<DoctorCheck> checks, CancellationToken ct)
    {
        try
        {
            await using var app = await BatonApp.OpenAsync(parse.GetValue(GlobalOptions.Config), ct);
            var where = app.Store switch
            {
                Store.Postgres.PostgresStore pg => $"{pg.Where} (PostgreSQL, shared)",
                Store.Sqlite.SqliteStore sqlite => sqlite.DatabasePath,
                _ => app.Store.GetType().Name,
            };
            checks.Add(new DoctorCheck("store", "ok", $"{where} (schema v{app.Store.SchemaVersion})"));
            foreach (var project in app.Config.Projects)
            {
                var path = RunSetup.RepoPath(app.Services, project);
                if (project.IsRemote && !Directory.Exists(path))
                {
                    checks.Add(new DoctorCheck($"project {project.Key}", "ok", $"remote {project.Repo}: not cloned on this node yet (the first run clones it into {path})"));
                    continue;
                }

                try
                {
                    var repo = await app.Services.Workspaces.InspectAsync(path, project.DefaultBranch, ct);
                    checks.Add(new DoctorCheck($"project {project.Key}", "ok", $"{repo.Root} (default branch {repo.DefaultBranch})"));
                }
                catch (Exception ex) when (ex is ArgumentException or Core.Workspaces.WorkspaceException)
                {
                    checks.Add(new DoctorCheck($"project {project.Key}", "fail", ex.Message));
                }
            }

            if (app.Config.Matrix is { } matrix)
            {
                var (status, detail, fix) = await MatrixDoctor.CheckAsync(matrix, ct);
                checks.Add(new DoctorCheck("matrix", status, detail, fix));
            }
        }
        catch (UserErrorException ex)
        {
            checks.Add(new DoctorCheck("store", "fail", ex.Message, "check the state directory's permissions and free space"));
        }
    }

    private static async Task<IReadOnlyList<DoctorCheck>> CheckAgentAsync(string name, AgentConfig agent, CancellationToken ct)
    {
        if (agent.Kind == AgentKind.Websocket)
        {
            var (wsStatus, wsDetail, wsFix) = await AgentDoctor.EndpointAsync(agent, Environment.GetEnvironmentVariable, ct);
            return [new DoctorCheck($"agent {name}", wsStatus, $"websocket: {wsDetail}", wsFix)];
        }

        if (agent.Kind == AgentKind.Command)
        {
            var word = (agent.Command ?? "").Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            var found = word.Contains('/', StringComparison.Ordinal) || word.Contains('{', StringComparison.Ordinal) || RepoDetector.IsOnPath(word) || IsShellBuiltin(word);
            return [new DoctorCheck($"agent {name}", found ? "ok" : "fail", $"command: {agent.Command}", found ? null : $"`{word}` is not on PATH")];
        }

        var exe = AgentDoctor.Executable(agent);
        var version = await VersionOfAsync(exe, ct);
        if (version is null)
        {
            return [new DoctorCheck($"agent {name}", "fail", $"{exe} CLI not found on PATH",
                $"install it (e.g. npm install -g {NpmPackage(agent.Kind)}), set agents.{name}.command to its path, or remove agent `{name}`")];
        }

        var (status, detail, fix) = await AgentDoctor.EndpointAsync(agent, Environment.GetEnvironmentVariable, ct);
        return [new DoctorCheck($"agent {name}", "ok", $"{agent.Kind.ToString().ToLowerInvariant()}: {exe} {version}"), new DoctorCheck($"  endpoint", status, detail, fix)];
    }

    private static string NpmPackage(AgentKind kind) => kind switch
    {
        AgentKind.Codex => "@openai/codex",
        AgentKind.Claude => "@anthropic-ai/claude-code",
        AgentKind.Gemini => "@google/gemini-cli",
        AgentKind.Opencode => "opencode-ai",
        AgentKind.Command or AgentKind.Websocket => "",
    };

    private static bool IsShellBuiltin(string word) => word is "echo" or "printf" or "true" or "false" or "exit" or "cd" or "test" or "[";

    private static async Task<string?> VersionOfAsync(string exe, CancellationToken ct)
    {
        if (exe.Contains('/', StringComparison.Ordinal) ? !File.Exists(exe) : !RepoDetector.IsOnPath(exe))
        {
            return null;
        }

        string? first = null;
        var spec = new ProcessSpec
        {
            FileName = exe,
            Arguments = ["--version"],
            WorkingDirectory = Directory.GetCurrentDirectory(),
            Environment = ChildEnvironment.Create(),
            Timeout = TimeSpan.FromSeconds(5),
            GracePeriod = TimeSpan.FromSeconds(1),
        };
        try
        {
            var result = await new ProcessRunner().RunAsync(spec, new ProcessCallbacks { OnLine = l => first ??= l.IsError ? null : l.Text.Trim() }, ct);
            return result.Succeeded && !string.IsNullOrEmpty(first) ? first : "found (no version answer)";
        }
        catch (ProcessStartException)
        {
            return "found (could not be started)";
        }
    }
}
