using Baton.Agents.Command;
using Baton.Core.Agents;
using Baton.Core.Config;

namespace Baton.Engine.Tests.Agents;

public sealed class CommandAgentAdapterExpandTests
{
    private const string PrintEachArgument = "printf '%s\\0' {prompt_file} {workspace} {task_id} {run_id} {stage}";

    private static AgentTurn Turn(string promptFile, string workspace, string taskId = "t1", string runId = "r1", string stage = "build") => new()
    {
        Agent = new AgentConfig { Name = "shell", Kind = AgentKind.Command, Command = PrintEachArgument },
        Role = AgentRole.Builder,
        Prompt = "do it",
        PromptFile = promptFile,
        Workspace = workspace,
        TaskId = taskId,
        RunId = runId,
        Stage = stage,
    };

    private static async Task<string[]> ArgumentsBashSeesAsync(AgentTurn turn)
    {
        var stdout = await Bash.RunAsync(CommandAgentAdapter.Expand(PrintEachArgument, turn));
        return stdout.Split('\0')[..^1];
    }

    [Theory]
    [InlineData("/tmp/plain/prompt.md", "/tmp/plain/ws")]
    [InlineData("/tmp/my prompts/build attempt1.md", "/tmp/my workspaces/t 1")]
    [InlineData("/tmp/it's/o'clock.md", "/tmp/'/''/'''")]
    [InlineData("/tmp/\"double\"/$HOME/`id`/$(id)/p.md", "/tmp/*/?/[a]/~/;|&<>/ws")]
    [InlineData("/tmp/back\\slash/\\'/p.md", "/tmp/tab\there/new\nline")]
    [InlineData("/tmp/-n/p.md", "-e")]
    public async Task Placeholders_reach_bash_as_single_unchanged_arguments(string promptFile, string workspace)
    {
        var turn = Turn(promptFile, workspace, taskId: "t-1 x", runId: "r'1", stage: "checks.lint");

        var arguments = await ArgumentsBashSeesAsync(turn);

        arguments.ShouldBe([promptFile, workspace, "t-1 x", "r'1", "checks.lint"]);
    }

    [Fact]
    public void Text_around_placeholders_and_unknown_braces_are_left_as_written()
    {
        var turn = Turn("/p.md", "/ws");

        CommandAgentAdapter.Expand("my-agent --prompt {prompt_file} --x {unknown} {task_id}{task_id}", turn)
            .ShouldBe("my-agent --prompt '/p.md' --x {unknown} 't1''t1'");
    }

    [Fact]
    public async Task A_value_that_contains_placeholder_text_reaches_bash_unchanged()
    {
        var turn = Turn("/srv/{stage}/prompt.md", "/srv/{task_id}/ws");

        var arguments = await ArgumentsBashSeesAsync(turn);

        arguments.ShouldBe(["/srv/{stage}/prompt.md", "/srv/{task_id}/ws", "t1", "r1", "build"]);
    }
}
