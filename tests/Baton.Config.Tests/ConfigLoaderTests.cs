using Baton.Core.Config;
using Baton.Testing;

namespace Baton.Config.Tests;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string dir = TempDir.Create("config");

    public void Dispose() => TempDir.Delete(dir);

    private static readonly ConfigDefaults Defaults = new("My Repo", ["claude"], ["make test"]);

    [Fact]
    public void The_spec_example_maps_whole_and_only_the_keys_of_unbuilt_oversight_are_refused()
    {
        var result = ConfigLoader.LoadText(SpecExample.Yaml, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        var config = result.Config;
        config.Agents.Keys.ShouldBe(["codex", "claude", "gemini", "oc", "shell"]);
        config.DefaultAgent.ShouldBe("codex");
        config.Agents["codex"].Sandbox.ShouldBe("workspace-write");
        config.Agents["oc"].Kind.ShouldBe(AgentKind.Opencode);
        config.Agents["shell"].Command.ShouldBe("my-agent --prompt-file {prompt_file}");
        var project = config.Projects.ShouldHaveSingleItem();
        project.Key.ShouldBe("rc");
        project.Repo.ShouldBe("git@example.com:org/rc.git");
        project.Bootstrap.ShouldBe(new BootstrapConfig { Script = "scripts/bootstrap.sh", Timeout = TimeSpan.FromMinutes(30), Retries = 1 });
        var pipeline = config.Pipelines.ShouldHaveSingleItem().Value;
        pipeline.Stages.Select(s => (s.Id, s.Kind)).ShouldBe(
            [("plan", StageKind.Agent), ("build", StageKind.Agent), ("test", StageKind.Command), ("review", StageKind.Review)]);
        pipeline.Stages[0].Role.ShouldBe(AgentRole.Planner);
        pipeline.Stages[2].Timeout.ShouldBe(TimeSpan.FromMinutes(20));
        pipeline.Stages[3].Reviewers.ShouldBe(["claude", "gemini"]);
        pipeline.Gates.ShouldBe([new GateConfig("dotnet build -warnaserror", TimeSpan.FromMinutes(30)), new GateConfig("dotnet test", TimeSpan.FromMinutes(30))]);
        config.Policy.BlockedCommands.ShouldBe(["rm -rf /", "mkfs", "dd if="]);
        config.Policy.RunTimeout.ShouldBe(TimeSpan.FromHours(1));
        (config.Server.Host, config.Server.Port, config.Server.HasTokens).ShouldBe(("127.0.0.1", 8080, false));
        config.Matrix.ShouldNotBeNull();
    }

    [Fact]
    public void Baton_yaml_is_found_in_the_working_directory()
    {
        File.WriteAllText(Path.Combine(dir, "baton.yaml"), SpecExample.Yaml);

        var result = ConfigLoader.Load(null, dir, Defaults);

        result.Errors.ShouldBeEmpty();
        result.Path.ShouldBe(Path.Combine(dir, "baton.yaml"));
        result.BaseDirectory.ShouldBe(dir);
        result.Config.Projects.ShouldHaveSingleItem().Key.ShouldBe("rc");
    }

    [Fact]
    public void Baton_yml_is_found_too()
    {
        File.WriteAllText(Path.Combine(dir, "baton.yml"), "max_concurrent_runs: 2\n");

        var result = ConfigLoader.Load(null, dir, Defaults);

        result.Path.ShouldBe(Path.Combine(dir, "baton.yml"));
        result.Config.MaxConcurrentRuns.ShouldBe(2);
    }

    [Fact]
    public void An_explicit_path_is_relative_to_the_working_directory_and_sets_the_base_directory()
    {
        Directory.CreateDirectory(Path.Combine(dir, "conf"));
        File.WriteAllText(Path.Combine(dir, "conf", "other.yaml"), "state_dir: state\n");

        var result = ConfigLoader.Load("conf/other.yaml", dir, Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.StateDir.ShouldBe("state");
        result.BaseDirectory.ShouldBe(Path.Combine(dir, "conf"));
    }

    [Fact]
    public void A_missing_explicit_path_is_an_error()
    {
        var result = ConfigLoader.Load("nope.yaml", dir, Defaults);

        var error = result.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("nope.yaml");
        error.Message.ShouldContain("no such file");
    }

    [Fact]
    public void Without_a_file_the_defaults_describe_the_current_repo()
    {
        var result = ConfigLoader.Load(null, dir, Defaults);

        result.Errors.ShouldBeEmpty();
        result.Path.ShouldBeNull();
        result.BaseDirectory.ShouldBe(dir);
        var config = result.Config;
        var project = config.Projects.ShouldHaveSingleItem();
        project.Key.ShouldBe("my-repo");
        project.Repo.ShouldBe(".");
        project.Pipeline.ShouldBe("default");
        config.Agents.Keys.ShouldBe(["claude"]);
        config.Agents["claude"].Kind.ShouldBe(AgentKind.Claude);
        config.DefaultAgent.ShouldBe("claude");
        var pipeline = config.Pipelines["default"];
        var stage = pipeline.Stages.ShouldHaveSingleItem();
        (stage.Id, stage.Kind, stage.Role, stage.Agent).ShouldBe(("build", StageKind.Agent, AgentRole.Builder, null));
        pipeline.Gates.Select(g => g.Command).ShouldBe(["make test"]);
        pipeline.MaxAttempts.ShouldBe(3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("version: 1\n")]
    public void An_empty_file_works_like_no_file(string text)
    {
        var result = ConfigLoader.LoadText(text, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.ShouldBe(DefaultConfig.Create(Defaults), new BatonConfigComparer());
    }

    [Fact]
    public void Without_a_file_or_any_installed_agent_the_defaults_still_load_and_runs_ask_for_an_agent_later()
    {
        var result = ConfigLoader.Load(null, dir, new ConfigDefaults("repo", [], []));

        result.Errors.ShouldBeEmpty();
        result.Config.Agents.ShouldBeEmpty();
        result.Config.DefaultAgent.ShouldBeNull();
    }

    [Fact]
    public void A_file_with_its_own_agents_gets_no_installed_agents_added()
    {
        var result = ConfigLoader.LoadText("agents:\n  shell: { command: ./agent.sh }\n", "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Agents.Keys.ShouldBe(["shell"]);
        result.Config.Agents["shell"].Kind.ShouldBe(AgentKind.Command);
        result.Config.DefaultAgent.ShouldBe("shell");
        result.Config.Pipelines["default"].Stages.ShouldHaveSingleItem().Id.ShouldBe("build");
    }

    [Fact]
    public void An_agent_named_after_its_kind_needs_no_settings()
    {
        var result = ConfigLoader.LoadText("agents:\n  gemini:\n  codex: { model: o3 }\n", "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Agents["gemini"].Kind.ShouldBe(AgentKind.Gemini);
        result.Config.Agents["codex"].Kind.ShouldBe(AgentKind.Codex);
        result.Config.DefaultAgent.ShouldBe("gemini");
    }

    [Fact]
    public void Empty_sections_count_as_left_out()
    {
        var result = ConfigLoader.LoadText("agents:\nprojects: []\npipelines:\nmatrix:\n", "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Agents.Keys.ShouldBe(["claude"]);
        result.Config.Projects.ShouldHaveSingleItem().Key.ShouldBe("my-repo");
        result.Config.Pipelines.Keys.ShouldBe(["default"]);
        result.Config.Server.Port.ShouldBe(ServerConfig.DefaultPort);
    }

    [Fact]
    public void A_defined_default_pipeline_is_not_replaced()
    {
        var yaml = """
            pipelines:
              default:
                stages: [{ id: only, command: "true" }]
            """;

        var result = ConfigLoader.LoadText(yaml, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Pipelines["default"].Stages.ShouldHaveSingleItem().Kind.ShouldBe(StageKind.Command);
        result.Config.Pipelines["default"].Gates.ShouldBeEmpty();
    }

    [Fact]
    public void Stage_kinds_are_inferred_from_what_the_stage_names()
    {
        var yaml = """
            pipelines:
              default:
                stages:
                  - { id: build, role: builder }
                  - { id: test, command: "make test" }
                  - { id: lint, pipeline: lint }
              lint:
                stages: [{ id: fmt, command: "make fmt" }]
            """;

        var result = ConfigLoader.LoadText(yaml, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Pipelines["default"].Stages.Select(s => s.Kind).ShouldBe([StageKind.Agent, StageKind.Command, StageKind.Pipeline]);
    }

    [Fact]
    public void Gates_may_be_commands_or_mappings_with_a_timeout()
    {
        var yaml = """
            pipelines:
              default:
                stages: [{ id: build }]
                gates: ["make", { command: "make test", timeout: 5m }, { command: "make lint" }]
            """;

        var result = ConfigLoader.LoadText(yaml, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Pipelines["default"].Gates.ShouldBe(
        [
            new GateConfig("make", TimeSpan.FromMinutes(30)),
            new GateConfig("make test", TimeSpan.FromMinutes(5)),
            new GateConfig("make lint", TimeSpan.FromMinutes(30)),
        ]);
    }

    [Fact]
    public void A_project_without_a_key_is_named_after_its_repository()
    {
        var yaml = """
            projects:
              - repo: git@example.com:org/Big.Service.git
              - repo: .
            """;

        var result = ConfigLoader.LoadText(yaml, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Projects.Select(p => p.Key).ShouldBe(["big-service", "my-repo"]);
    }

    [Fact]
    public void Every_optional_key_is_read()
    {
        var yaml = """
            state_dir: /var/baton
            store: postgres://baton@db:5432/baton
            max_concurrent_runs: 16
            agents:
              local:
                kind: claude
                base_url: http://127.0.0.1:9000
                api_key_env: LOCAL_KEY
                args: [--verbose]
                env: { LOG: debug }
                timeout: 1h
                fallback: [spare]
              spare: { kind: gemini }
            projects:
              - key: app
                workspace: { mode: clone, root: ../ws, retention: 2d, spares: 3 }
            pipelines:
              default:
                stages:
                  - { id: build, agent: local, prompt: "Be brief.", retries: 2, retry_delay: 500ms, allow_failure: true }
                max_attempts: 5
            policy:
              approval: on-request
              allow_self_approval: false
              limits: { memory_mb: 1024 }
            """;

        var result = ConfigLoader.LoadText(yaml, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        var agent = result.Config.Agents["local"];
        (agent.BaseUrl, agent.ApiKeyEnv, agent.Timeout).ShouldBe(("http://127.0.0.1:9000", "LOCAL_KEY", TimeSpan.FromHours(1)));
        agent.Args.ShouldBe(["--verbose"]);
        agent.Env["LOG"].ShouldBe("debug");
        agent.Fallback.ShouldBe(["spare"]);
        result.Config.Projects[0].Workspace.ShouldBe(new WorkspaceConfig { Mode = WorkspaceMode.Clone, Root = "../ws", Retention = TimeSpan.FromDays(2), Spares = 3 });
        var stage = result.Config.Pipelines["default"].Stages[0];
        (stage.Prompt, stage.Retries, stage.RetryDelay, stage.AllowFailure).ShouldBe(("Be brief.", 2, TimeSpan.FromMilliseconds(500), true));
        result.Config.Pipelines["default"].MaxAttempts.ShouldBe(5);
        result.Config.Policy.Approval.ShouldBe(ApprovalPolicy.OnRequest);
        result.Config.Policy.AllowSelfApproval.ShouldBeFalse();
        result.Config.Policy.MemoryMb.ShouldBe(1024);
        result.Config.Policy.RunTimeout.ShouldBe(TimeSpan.FromHours(1));
    }

    /// <summary>Records hold collections, whose equality is by reference; compare what a reader would compare.</summary>
    private sealed class BatonConfigComparer : IEqualityComparer<BatonConfig>
    {
        public bool Equals(BatonConfig? x, BatonConfig? y) => Describe(x) == Describe(y);

        public int GetHashCode(BatonConfig obj) => Describe(obj).GetHashCode(StringComparison.Ordinal);

        private static string Describe(BatonConfig? c) => c is null ? "" : string.Join(
            "|",
            c.Version, c.StateDir, c.Store, c.MaxConcurrentRuns, c.DefaultAgent,
            string.Join(",", c.Agents.Keys), string.Join(",", c.Projects.Select(p => p.Key + p.Repo + p.Pipeline)),
            string.Join(",", c.Pipelines.Select(p => p.Key + ":" + string.Join(";", p.Value.Stages.Select(s => s.Id)) + ":" + string.Join(";", p.Value.Gates))));
    }
}
