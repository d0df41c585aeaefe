using Baton.Agents.Claude;
using Baton.Agents.Cli;
using Baton.Agents.Tests.Support;
using Baton.Core.Events;

namespace Baton.Agents.Tests.Claude;

/// <summary>The real streams recorded from claude 2.1.330 against the scripted model server (Streams/README.md).</summary>
public class ClaudeRecordedStreamTests
{
    private const string Workspace = "/work/modelscratch/runs/claude/ws";

    private static ParsedStream Recorded(string name) => ParsedStream.Of(new ClaudeStreamParser(Workspace), StreamFixture.Lines("claude", name));

    [Theory]
    [InlineData("text.jsonl", "agent.message")]
    [InlineData("shell.jsonl", "agent.command agent.command agent.message")]
    [InlineData("write.jsonl", "agent.tool agent.tool agent.file_change agent.message")]
    [InlineData("resume.jsonl", "agent.message")]
    [InlineData("error401.jsonl", "agent.error")]
    public void Each_scenario_gives_its_events_in_order(string name, string types)
    {
        string.Join(' ', Recorded(name).Events.Select(e => e.Type.Name())).ShouldBe(types);
    }

    [Theory]
    [InlineData("text.jsonl", "Hello from the scripted model. user_msgs=1 last='Say hello'")]
    [InlineData("shell.jsonl", "Done. I ran the command and it succeeded.")]
    [InlineData("write.jsonl", "Done. I ran the command and it succeeded.")]
    [InlineData("resume.jsonl", "Hello from the scripted model. user_msgs=2 last='Say hello again'")]
    public void Successful_scenarios_succeed_with_their_final_message_and_cost(string name, string final)
    {
        var parser = Recorded(name).Parser;

        parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
        parser.FinalMessage.ShouldBe(final);
        parser.Usage!.CostUsd.ShouldNotBeNull().ShouldBeGreaterThan(0m);
    }

    [Fact]
    public void The_401_reported_as_success_with_is_error_fails_with_its_status()
    {
        var parser = Recorded("error401.jsonl").Parser;

        parser.Verdict.ShouldBe(StreamVerdict.Failed);
        parser.Error.ShouldNotBeNull().ShouldEndWith("(API error status 401)");
    }

    [Fact]
    public void The_resumed_session_is_the_first_ones_and_its_usage_is_per_turn()
    {
        var first = Recorded("text.jsonl").Parser;
        var resumed = Recorded("resume.jsonl").Parser;

        resumed.SessionId.ShouldBe(first.SessionId);
        resumed.Usage!.InputTokens.ShouldBe(100);
    }

    [Fact]
    public void The_written_file_is_added_relative_to_the_workspace()
    {
        var change = Recorded("write.jsonl").Of(EventType.AgentFileChange).ShouldHaveSingleItem();

        ((string?)change["path"], (string?)change["kind"]).ShouldBe(("written.txt", "add"));
    }
}
