using System.Collections.Concurrent;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Fakes;

namespace Baton.Engine.Tests.Integration;

/// <summary>A failure a person sees as one line is in the log with its whole exception.</summary>
[Trait("Category", "Integration")]
public sealed class FailureLogTests
{
    [Fact]
    public async Task A_stage_that_throws_fails_the_run_and_logs_the_whole_exception()
    {
        var logs = new ConcurrentQueue<string>();
        var broken = new ScriptedAgentAdapter(AgentKind.Command, (_, _) =>
            throw new InvalidOperationException("adapter bug", new FormatException("inner cause")));
        await using var h = await EngineHarness.CreateAsync(
            s => EngineHarness.ShellAgentConfig(s, "true", ["true"]),
            adjust: s => s with { Agents = new Dictionary<AgentKind, Core.Ports.IAgentAdapter> { [broken.Kind] = broken }, Logs = new QueueLogs(logs) });
        var task = await h.AddTaskAsync("crash the adapter");

        var outcome = await new RunStarter(h.Services).StartAsync(task, null, CancellationToken.None);

        outcome.State.ShouldBe(RunState.Failed);
        var entry = logs.Single(l => l.Contains("[2003]", StringComparison.Ordinal));
        entry.ShouldContain("stage build could not run");
        entry.ShouldContain("System.InvalidOperationException: adapter bug");
        entry.ShouldContain("---> System.FormatException: inner cause");
        entry.ShouldContain(" at ", Case.Sensitive, "the stack trace is kept");
        logs.ShouldContain(l => l.Contains("[2000]", StringComparison.Ordinal), "the run's start is logged");
        logs.ShouldContain(l => l.Contains("[2001]", StringComparison.Ordinal) && l.Contains("Failed", StringComparison.Ordinal), "the run's end is logged");
    }
}
