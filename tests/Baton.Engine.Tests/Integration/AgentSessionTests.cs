using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Fakes;

namespace Baton.Engine.Tests.Integration;

/// <summary>A task keeps one session per agent; the builder's next attempt continues it; the plan reaches the builder.</summary>
[Trait("Category", "Integration")]
public sealed class AgentSessionTests
{
    private static Task<EngineHarness> HarnessAsync(Func<string, BatonConfig> config, ScriptedAgentAdapter adapter) =>
        EngineHarness.CreateAsync(config, adjust: s => s with { Agents = new Dictionary<AgentKind, Core.Ports.IAgentAdapter> { [adapter.Kind] = adapter } });

    private static BatonConfig Codex(string scratch, IReadOnlyList<string> gates, int attempts, params StageConfig[] stages)
    {
        var config = EngineHarness.ShellAgentConfig(scratch, "true", gates, builderAttempts: attempts);
        return config with
        {
            DefaultAgent = "codex",
            Agents = new Dictionary<string, AgentConfig> { ["codex"] = new() { Name = "codex", Kind = AgentKind.Codex } },
            Pipelines = stages.Length == 0 ? config.Pipelines : new Dictionary<string, PipelineConfig>
            {
                ["default"] = config.Pipelines["default"] with { Stages = stages },
            },
        };
    }

    [Fact]
    public async Task After_a_failed_gate_the_builder_continues_its_session_with_only_the_gate_output()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (turn, n) =>
        {
            if (n == 2)
            {
                File.WriteAllText(Path.Combine(turn.Workspace, "fixed.txt"), "ok");
            }

            return ScriptedAgentAdapter.Ok($"turn {n}", session: "thread-7");
        });
        await using var h = await HarnessAsync(s => Codex(s, ["test -f fixed.txt"], attempts: 2), codex);
        File.WriteAllText(Path.Combine(h.Repo.Path, "AGENTS.md"), "Always write tests.");
        h.Repo.CommitAll("instructions");
        var task = await h.AddTaskAsync("make fixed.txt");

        var outcome = await new RunStarter(h.Services).StartAsync(task, null, CancellationToken.None);

        outcome.State.ShouldBe(RunState.Succeeded);
        codex.Turns.Select(t => t.SessionId).ShouldBe([null, "thread-7"]);
        codex.Turns[0].Prompt.ShouldContain("Always write tests.");
        codex.Turns[0].Prompt.ShouldContain("make fixed.txt");
        codex.Turns[1].Prompt.ShouldContain("test -f fixed.txt");
        codex.Turns[1].Prompt.ShouldNotContain("Always write tests.");
        codex.Turns[1].Prompt.ShouldNotContain("# Task");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(h.StateDir, "runs", task.Id, outcome.RunId, "manifest.json")))!;
        ((long?)manifest["usage"]!["input_tokens"]).ShouldBe(200);
        var build = manifest["stages"]!.AsArray().Last(s => (string?)s!["id"] == "build")!;
        ((string?)build["session_id"], (string?)build["agent"], (int?)build["agent_turns"]).ShouldBe(("thread-7", "codex", 2));
    }

    [Fact]
    public async Task The_planners_answer_reaches_the_builder()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (turn, _) => turn.Role == AgentRole.Planner
            ? ScriptedAgentAdapter.Ok("1. add greeting.txt\n2. say hi")
            : ScriptedAgentAdapter.Ok("built"));
        await using var h = await HarnessAsync(s => Codex(s, [], 1,
            new StageConfig { Id = "plan", Kind = StageKind.Agent, Role = AgentRole.Planner },
            new StageConfig { Id = "build", Kind = StageKind.Agent, Role = AgentRole.Builder }), codex);
        var task = await h.AddTaskAsync("greet");

        var outcome = await new RunStarter(h.Services).StartAsync(task, null, CancellationToken.None);

        outcome.State.ShouldBe(RunState.Succeeded);
        codex.Turns[0].Prompt.ShouldNotContain("# The plan");
        codex.Turns[1].Prompt.ShouldContain("# The plan\n1. add greeting.txt");
        (await h.Store.GetStageOutputAsync(outcome.RunId, "plan", CancellationToken.None)).ShouldStartWith("1. add greeting.txt");
    }

    [Fact]
    public async Task Two_tasks_never_share_a_session()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (turn, n) => ScriptedAgentAdapter.Ok("ok", session: turn.SessionId ?? $"thread-{n}"));
        await using var h = await HarnessAsync(s => Codex(s, [], 1), codex);
        var first = await h.AddTaskAsync("one");
        var second = await h.AddTaskAsync("two");

        await new RunStarter(h.Services).StartAsync(first, null, CancellationToken.None);
        await new RunStarter(h.Services).StartAsync(second, null, CancellationToken.None);
        await new RunStarter(h.Services).StartAsync(first, null, CancellationToken.None);

        codex.Turns.Select(t => (t.TaskId == first.Id ? "first" : "second", t.SessionId)).ShouldBe([("first", null), ("second", null), ("first", "thread-1")]);
    }
}
