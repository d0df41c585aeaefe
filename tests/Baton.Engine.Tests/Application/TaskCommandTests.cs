using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Tasks;
using Baton.Engine.Application;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Integration;

namespace Baton.Engine.Tests.Application;

/// <summary>A task's own <c>command</c> and <c>quality_gates</c>: who may send them, the command policy, and what runs.</summary>
[Trait("Category", "Integration")]
public sealed class TaskCommandTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<EngineHarness> HarnessAsync(bool allow = false) =>
        EngineHarness.CreateAsync(s =>
        {
            var config = EngineHarness.ShellAgentConfig(s, "echo agent > agent.txt", ["test -f agent.txt -o -f own.txt"]);
            return config with { Policy = config.Policy with { AllowTaskCommands = allow } };
        });

    private static TaskDraft Draft(string? command, params string[] gates) => new()
    {
        ExternalKey = "test:" + Guid.NewGuid().ToString("N"),
        Title = "own work",
        Prompt = "own work",
        Command = command,
        QualityGates = gates,
    };

    [Theory]
    [InlineData("http")]
    [InlineData("matrix")]
    public async Task Http_and_chat_tasks_may_not_carry_commands_unless_the_policy_allows(string surface)
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var by = new Actor(surface, "someone");

        var ex = await Should.ThrowAsync<DeskException>(() => desk.SubmitAsync(Draft("echo hi"), new SubmitOptions(), by, None));

        ex.Problems.ShouldContain(p => p.Contains("policy.allow_task_commands: true", StringComparison.Ordinal));
        (await h.Store.ListTasksAsync(new TaskQuery(), None)).ShouldBeEmpty("nothing is queued");
        await using var allowed = await HarnessAsync(allow: true);
        (await new TaskDesk(allowed.Services).SubmitAsync(Draft(null, "true"), new SubmitOptions(), by, None)).Created.ShouldBeTrue();
    }

    [Fact]
    public async Task Commands_and_gates_always_pass_the_command_policy_even_from_the_cli()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);

        var ex = await Should.ThrowAsync<DeskException>(() =>
            desk.SubmitAsync(Draft("rm -rf /", "mkfs.ext4 /dev/sda"), new SubmitOptions(), Actor.Cli("alice"), None));

        ex.Problems.ShouldContain(p => p.StartsWith("command:", StringComparison.Ordinal) && p.Contains("rm -rf /", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.StartsWith("quality_gates:", StringComparison.Ordinal) && p.Contains("mkfs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_command_replaces_the_stages_and_the_task_gates_run_after_the_pipelines()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var passing = (await desk.SubmitAsync(Draft("echo mine > own.txt", "grep -q mine own.txt"), new SubmitOptions(), Actor.Cli("alice"), None)).Task;
        var failing = (await desk.SubmitAsync(Draft("echo mine > own.txt", "false"), new SubmitOptions(), Actor.Cli("alice"), None)).Task;

        var first = await new RunStarter(h.Services).StartAsync(passing, null, None);
        var second = await new RunStarter(h.Services).StartAsync(failing, null, None);

        first.State.ShouldBe(RunState.Succeeded);
        var stages = await h.Store.ListStagesAsync(first.RunId, None);
        stages.Select(s => s.StageId).ShouldBe(["command"], "the agent's stage did not run");
        h.Repo.Git("show", $"baton/{passing.Id}:own.txt").ShouldBe("mine");
        second.State.ShouldBe(RunState.Failed, "a task's own gate can fail its run");
        var gates = await h.Store.ListGateResultsAsync(second.RunId, None);
        gates.Select(g => (g.Command, g.Passed)).ShouldBe([("test -f agent.txt -o -f own.txt", true), ("false", false)]);
    }
}
