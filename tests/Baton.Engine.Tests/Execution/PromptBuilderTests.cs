using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Engine.Execution;

namespace Baton.Engine.Tests.Execution;

public sealed class PromptBuilderTests
{
    private static readonly TaskItem GreetingTask = new() { Id = "t1", Title = "Add a greeting", Prompt = "Print hello from main.py" };
    private static readonly StageConfig Build = new() { Id = "build", Kind = StageKind.Agent, Prompt = "Keep the diff small." };

    private static string Intro(string prompt) => prompt.Split('\n')[0];

    [Fact]
    public void A_builder_prompt_holds_the_task_prompt_and_the_stage_instructions()
    {
        var prompt = PromptBuilder.Build(GreetingTask, AgentRole.Builder, Build, []);

        prompt.ShouldContain("Print hello from main.py");
        prompt.ShouldContain("Keep the diff small.");
        prompt.IndexOf("Print hello", StringComparison.Ordinal).ShouldBeLessThan(prompt.IndexOf("Keep the diff", StringComparison.Ordinal));
        prompt.ShouldNotContain("quality gates failed");
    }

    [Fact]
    public void The_task_title_stands_in_for_an_empty_prompt()
    {
        var prompt = PromptBuilder.Build(GreetingTask with { Prompt = "  " }, AgentRole.Builder, Build with { Prompt = null }, []);

        prompt.ShouldContain("Add a greeting");
        prompt.ShouldNotContain("Instructions for this stage");
    }

    [Fact]
    public void Failed_gates_are_listed_with_their_command_exit_code_and_output_tail()
    {
        GateResult[] failed =
        [
            new("dotnet test", 1, false, 1, false, 12.5, "Failed GreetingTests.Says_hello\nExpected: hello\n"),
            new("npm run lint", 1, false, 2, false, 3, "main.py:3 E501 line too long"),
        ];

        var prompt = PromptBuilder.Build(GreetingTask, AgentRole.Builder, Build, failed);

        prompt.ShouldContain("quality gates failed");
        prompt.ShouldContain("`dotnet test` exited 1");
        prompt.ShouldContain("Failed GreetingTests.Says_hello\nExpected: hello\n```");
        prompt.ShouldContain("`npm run lint` exited 2");
        prompt.ShouldContain("main.py:3 E501 line too long");
        prompt.IndexOf("Keep the diff small.", StringComparison.Ordinal).ShouldBeLessThan(prompt.IndexOf("`dotnet test`", StringComparison.Ordinal));
    }

    [Fact]
    public void A_timed_out_gate_says_it_timed_out_instead_of_an_exit_code()
    {
        var prompt = PromptBuilder.Build(GreetingTask, AgentRole.Builder, Build, [new("sleep 999", 1, false, null, true, 600, "still waiting")]);

        prompt.ShouldContain("`sleep 999` timed out");
        prompt.ShouldNotContain("`sleep 999` exited");
        prompt.ShouldContain("still waiting");
    }

    [Fact]
    public void A_gate_that_never_got_an_exit_code_says_so()
    {
        var prompt = PromptBuilder.Build(GreetingTask, AgentRole.Builder, Build, [new("rm -rf /", 1, false, null, false, 0, "blocked by policy")]);

        prompt.ShouldContain("`rm -rf /` exited without a code");
        prompt.ShouldContain("blocked by policy");
    }

    [Theory]
    [InlineData(AgentRole.Planner, "planner")]
    [InlineData(AgentRole.Builder, "builder")]
    [InlineData(AgentRole.Tester, "tester")]
    [InlineData(AgentRole.Reviewer, "reviewer")]
    public void Each_role_is_introduced_as_itself_and_still_gets_the_task(AgentRole role, string name)
    {
        var prompt = PromptBuilder.Build(GreetingTask, role, Build, []);

        Intro(prompt).ShouldContain($"You are the {name}.");
        prompt.ShouldContain("Print hello from main.py");
    }

    [Fact]
    public void Every_role_has_a_different_introduction()
    {
        var intros = Enum.GetValues<AgentRole>().Select(r => Intro(PromptBuilder.Build(GreetingTask, r, Build, []))).ToList();

        intros.Distinct().Count().ShouldBe(intros.Count);
    }
}
