namespace Baton.Config.Tests;

/// <summary>The example <c>baton.yaml</c> of the product contract (spec §4), verbatim.</summary>
internal static class SpecExample
{
    public const string Yaml = """
        version: 1
        state_dir: .baton                 # embedded store + run artifacts
        store: sqlite                     # or postgres://user:pass@host:5432/db
        max_concurrent_runs: 4
        agents:                           # each may also set base_url + api_key_env (a model endpoint
                                          # other than the CLI's default), args, env, timeout
          codex:  { kind: codex,  model: gpt-5.1-codex, sandbox: workspace-write }
          claude: { kind: claude, model: sonnet }
          gemini: { kind: gemini, model: gemini-2.5-pro }
          oc:     { kind: opencode, model: anthropic/claude-sonnet-4 }
          shell:  { kind: command, command: "my-agent --prompt-file {prompt_file}" }
        projects:
          - key: rc
            repo: git@example.com:org/rc.git        # or a path
            default_branch: main
            workspace: { mode: worktree }            # or clone
            bootstrap: { script: scripts/bootstrap.sh, timeout: 30m, retries: 1 }
            pipeline: default
        pipelines:
          default:
            stages:
              - { id: plan,   kind: agent, role: planner, agent: claude }
              - { id: build,  kind: agent, role: builder, agent: codex }
              - { id: test,   kind: command, command: "dotnet test", timeout: 20m }
              - { id: review, kind: review, reviewers: [claude, gemini] }
            gates: ["dotnet build -warnaserror", "dotnet test"]
            max_attempts: 3
        policy:
          approval: never                 # never | on-request | always
          blocked_commands: ["rm -rf /", "mkfs", "dd if="]
          allow_task_commands: false      # may HTTP/chat tasks carry their own `command`/`quality_gates`?
          limits: { run_timeout: 60m, memory_mb: 4096 }
        matrix:                           # optional; without it Baton runs without chat
          homeserver: https://matrix.example.com
          user_id: "@baton:example.com"
          access_token_env: BATON_MATRIX_TOKEN     # or password_env
          allowed_users: ["@you:example.com"]
          workspace: { name: Coding, members: ["@you:example.com"] }
          control_room: "#baton-control:example.com"
        server: { listen: "127.0.0.1:8080" }
        """;
}
