using System.Text;
using Baton.Config.Yaml;
using Baton.Core.Config;
using Baton.Core.Text;

namespace Baton.Config;

/// <summary>The commented <c>baton.yaml</c> that <c>baton init</c> writes: every section explained, detected agents and gates filled in.</summary>
public static class InitTemplate
{
    private static readonly Dictionary<string, string> ExampleModels = new(StringComparer.Ordinal)
    {
        ["codex"] = "gpt-5.1-codex",
        ["claude"] = "sonnet",
        ["gemini"] = "gemini-2.5-pro",
        ["opencode"] = "anthropic/claude-sonnet-4",
    };

    public static string Render(ConfigDefaults defaults, string defaultBranch)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultBranch);
        var text = new StringBuilder();
        text.Append("""
            # baton.yaml: how Baton runs AI coding agents on this repository.
            # Every key has a default; remove what you do not need. Durations read like 500ms, 20s, 30m, 1h30m, 2d.
            # Secrets never go in this file: name the environment variables that hold them (`api_key_env`).

            version: 1

            # Where Baton keeps its embedded store, run manifests, logs and workspaces (git-ignored).
            state_dir: .baton

            # `sqlite` (embedded, one machine), or a PostgreSQL URL to share the queue between several nodes:
            #   store: postgres://baton@db.example.com:5432/baton
            store: sqlite

            # How many runs this node works on at the same time (1 to 2000).
            max_concurrent_runs: 4

            # Agents: the CLIs Baton drives. The first one is the default for stages that name none.
            # kind: codex | claude | gemini | opencode | command | websocket. Each may also set model, sandbox,
            # base_url + api_key_env (a model endpoint other than the CLI's default), args, env and timeout.

            """);
        AppendAgents(text, defaults);
        text.Append($$"""

            # Projects: the git repositories Baton works on. Each task gets its own workspace: a git worktree on
            # branch baton/<task-id> (mode: worktree), or a full clone (mode: clone).
            projects:
              - key: {{ConfigNames.ToProjectKey(defaults.RepoDirName)}}
                repo: .                          # a path (relative to this file) or a clone URL
                default_branch: {{YamlText.Quote(defaultBranch)}}
                workspace:
                  mode: worktree
                  # root: ../workspaces          # default: <state_dir>/workspaces
                  # retention: 7d                # how long a finished run's workspace is kept
                  # spares: 1                    # worktrees checked out ahead so a task starts at once; 0 = off
            {{Bootstrap(defaults)}}
                pipeline: default

            # Pipelines: ordered stages. kind: agent (a turn in a role: planner | builder | tester | reviewer),
            # command (a shell command), review (agents give verdicts), approval (a person decides) or pipeline
            # (another pipeline). A stage may set agent, prompt, timeout, retries, retry_delay, allow_failure.
            # Gates must exit 0 on the final workspace before a task succeeds; a failed gate sends its output back
            # to the builder, up to max_attempts times. A gate is a command or { command: "...", timeout: 20m }.
            pipelines:
              default:
                stages:
                  # - { id: plan, kind: agent, role: planner }
                  - { id: build, kind: agent, role: builder }
                  # - { id: review, kind: review, reviewers: [{{DefaultConfig.Agents(defaults).Keys.FirstOrDefault() ?? "shell"}}] }

            """);
        AppendGates(text, defaults);
        var policy = new PolicyConfig();
        text.Append($$"""
                max_attempts: 3

            # Policy: when a person must approve (never | on-request: approval stages and what asks | always: every
            # run's result), commands refused, limits.
            policy:
              approval: {{YamlEnums.Approvals.NameOf(policy.Approval)}}
              allow_self_approval: {{(policy.AllowSelfApproval ? "true" : "false")}}   # teams: false, so someone other than the requester signs off
              blocked_commands: {{YamlText.List(policy.BlockedCommands)}}   # refused before they run (claude/codex ask Baton; gemini/opencode get them as their own rules)
              # confirm_commands: ["git push", "npm publish"]   # a person says yes first (the agent waits)
              # confirm_timeout: {{Durations.Format(policy.ConfirmTimeout)}}   # then declined
              # watched_patterns: ["sudo ", "curl * | sh"]    # allowed, flagged
              allow_task_commands: {{(policy.AllowTaskCommands ? "true" : "false")}}   # may HTTP/chat tasks carry their own `command`/`quality_gates`?
              # env_pass: [MY_REGISTRY_URL]   # more variables children get (proxies, SSL_CERT_FILE, PIP_INDEX_URL… pass already)
              # stall_review_after: 15m   # an agent silent this long has its work judged by the pipeline's reviewers
              limits:
                run_timeout: {{Durations.Format(policy.RunTimeout)}}
                # memory_mb: 4096      # each run's whole process tree (a control group; `baton doctor` says if they hold here)
                # cpu: 2
                # processes: 512
                # stage_log_mb: 256    # how much of a stage's output its log file keeps

            # Recovery from failed agent turns beyond the built-in signatures (see the README).
            # recovery:
            #   retries: 2
            #   classify: [ { output: "ECONNRESET|socket hang up", as: transient } ]   # transient | hard | escalate
            #   tiers: [ { planner: claude, builder: codex, reviewer: claude } ]      # fallbacks keep to the role

            # Matrix chat (optional): a space per project, a room per task, `!task {json}` in the control room.
            # matrix:
            #   homeserver: https://matrix.example.com
            #   user_id: "@baton:example.com"
            #   access_token_env: BATON_MATRIX_TOKEN   # or password_env
            #   allowed_users: ["@you:example.com"]
            #   workspace: { name: Coding, members: ["@you:example.com"] }
            #   control_room: "#baton-control:example.com"

            # The service started by `baton serve`: HTTP API and dashboard.
            # server:
            #   listen: "127.0.0.1:8080"

            """);
        return text.ToString();
    }

    private static void AppendAgents(StringBuilder text, ConfigDefaults defaults)
    {
        var agents = DefaultConfig.Agents(defaults);
        text.AppendLine("agents:");
        if (agents.Count == 0)
        {
            text.Append("""
                  # No agent CLI (codex, claude, gemini, opencode) was found on PATH. Install one and run `baton init`
                  # again, or make this command your agent: it runs in the workspace with the prompt in {prompt_file}.
                  shell:
                    kind: command
                    command: "echo 'no agent configured: edit agents.shell in baton.yaml' >&2; exit 1"

                """);
            return;
        }

        foreach (var (name, agent) in agents)
        {
            text.AppendLine($"  {name}:");
            text.AppendLine($"    kind: {YamlEnums.AgentKinds.NameOf(agent.Kind)}");
            text.AppendLine($"    # model: {ExampleModels.GetValueOrDefault(name, "default")}");
        }

        text.Append("""
              # Any program can be an agent: it runs in the workspace with the prompt in {prompt_file}.
              # shell:
              #   kind: command
              #   command: "my-agent --prompt-file {prompt_file}"

            """);
    }

    /// <summary>
    /// The project's bootstrap: the detected install command, or a commented example. Package managers keep their
    /// caches in the user's home by default, shared by every worktree, so only the first workspace downloads.
    /// </summary>
    private static string Bootstrap(ConfigDefaults defaults) => defaults.Bootstrap is { } bootstrap
        ? $"""
                bootstrap:                       # runs once in each new workspace (detected from {string.Join(", ", bootstrap.From)})
                  script: {YamlText.Quote(bootstrap.Command)}
                  timeout: 15m                   # package caches in your home are shared by every workspace: only the first one downloads
                  retries: 1
            """
        : """
                # bootstrap:                     # runs once in each new workspace (e.g. npm ci, uv sync, dotnet restore)
                #   script: scripts/bootstrap.sh
                #   timeout: 30m
                #   retries: 1
            """;

    private static void AppendGates(StringBuilder text, ConfigDefaults defaults)
    {
        if (defaults.Gates.Count == 0)
        {
            text.Append("""
                    # No build or test command was detected: add the commands that prove a change works, e.g.
                    #   gates: ["make test"]
                    gates: []

                """);
            return;
        }

        text.AppendLine("    gates:");
        foreach (var gate in defaults.Gates)
        {
            text.AppendLine($"      - {YamlText.Quote(gate)}");
        }
    }
}
