using Baton.Agents.Cli;
using Baton.Agents.Codex;
using Baton.Agents.Tests.Support;
using Baton.Core.Events;

namespace Baton.Agents.Tests.Codex;

/// <summary>The real streams recorded from codex 0.169 against the scripted model server (Streams/README.md).</summary>
public class CodexRecordedStreamTests
{
    private const string Workspace = "/work/modelscratch/runs/codex/ws";

    private static ParsedStream Recorded(string name) => ParsedStream.Of(new CodexStreamParser(Workspace), StreamFixture.Lines("codex", name));

    [Theory]
    [InlineData("text.jsonl", "agent.error agent.message")]
    [InlineData("shell.jsonl", "agent.error agent.command agent.command agent.message")]
    [InlineData("write.jsonl", "agent.error agent.command agent.command agent.message")]
    [InlineData("resume.jsonl", "agent.error agent.message")]
    [InlineData("error401.jsonl", "agent.error agent.error")]
    [InlineData("write-apply-patch.jsonl", "agent.file_change agent.message")]
    public void Each_scenario_gives_its_events_in_order(string name, string types)
    {
        string.Join(' ', Recorded(name).Events.Select(e => e.Type.Name())).ShouldBe(types);
    }

    [Theory]
    [InlineData("text.jsonl", "Hello from the scripted model. user_msgs=1 last='Say hello'")]
    [InlineData("shell.jsonl", "Done. I ran the command and it succeeded.")]
    [InlineData("write.jsonl", "Done. I ran the command and it succeeded.")]
    [InlineData("resume.jsonl", "Hello from the scripted model. user_msgs=2 last='Say hello again'")]
    [InlineData("write-apply-patch.jsonl", "Done. I ran the command and it succeeded.")]
    public void Successful_scenarios_succeed_with_their_final_message(string name, string final)
    {
        var parser = Recorded(name).Parser;

        parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
        parser.FinalMessage.ShouldBe(final);
        parser.Error.ShouldBeNull();
    }

    [Fact]
    public void The_401_fails_with_the_status_in_the_error()
    {
        var parser = Recorded("error401.jsonl").Parser;

        parser.Verdict.ShouldBe(StreamVerdict.Failed);
        parser.Error.ShouldStartWith("unexpected status 401 Unauthorized: scripted model server forced HTTP 401");
        FailureSignatures.Classify(parser.Error).ShouldBe(Baton.Core.Agents.AgentFailureKind.AuthFailed);
    }

    [Fact]
    public void The_resumed_thread_is_the_first_ones_and_its_usage_the_running_total()
    {
        var first = Recorded("text.jsonl").Parser;
        var resumed = Recorded("resume.jsonl").Parser;

        resumed.SessionId.ShouldBe(first.SessionId);
        resumed.Usage!.Minus(first.Usage!).InputTokens.ShouldBe(100);
    }

    [Fact]
    public void The_login_shells_noise_stays_in_the_commands_output()
    {
        var done = Recorded("shell.jsonl").Of(EventType.AgentCommand)[^1];

        ((int?)done["exit_code"]).ShouldBe(0);
        ((string?)done["output"]).ShouldBe("pyenv: cannot rehash: /root/.pyenv/shims isn't writable\n");
    }

    [Fact]
    public void The_patch_names_its_file_relative_to_the_workspace()
    {
        var change = Recorded("write-apply-patch.jsonl").Of(EventType.AgentFileChange).ShouldHaveSingleItem();

        ((string?)change["path"], (string?)change["kind"]).ShouldBe(("patched.txt", "add"));
    }
}
