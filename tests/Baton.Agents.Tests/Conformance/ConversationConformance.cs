using System.Diagnostics;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Ports;
using Baton.Processes;

namespace Baton.Agents.Tests.Conformance;

/// <summary>
/// The conformance suite every agent adapter passes, against its real agent (a real CLI or socket agent) talking to a
/// scripted endpoint on 127.0.0.1: a plain answer, a resumed second turn, an API error, a model that never answers,
/// and a stop in the middle of a turn. CLI adapters add tool use (<see cref="CliConformance"/>).
/// </summary>
public abstract class ConversationConformance : IAsyncLifetime
{
    private readonly TempGitRepo _repo = new();
    private readonly string _home = TempDir.Create("agent-home");

    protected string Workspace => _repo.Path;

    protected abstract IAgentAdapter CreateAdapter(IProcessRunner processes);

    /// <summary>The agent's config, pointed at the endpoint the subclass started.</summary>
    protected abstract AgentConfig Agent { get; }

    /// <summary>Text the endpoint's plain answer contains.</summary>
    protected abstract string PlainAnswerMarker { get; }

    protected virtual string ErrorPrompt => "FAIL_401 please";

    protected virtual AgentFailureKind ErrorFailure => AgentFailureKind.AuthFailed;

    protected abstract Task StartEndpointAsync();

    protected abstract Task StopEndpointAsync();

    /// <summary>How many user messages the endpoint saw in the latest request of the conversation.</summary>
    protected abstract int UserMessagesInLatestRequest();

    /// <summary>Whether the endpoint has received a request whose text contains <paramref name="marker"/>.</summary>
    protected abstract bool EndpointSaw(string marker);

    /// <summary>The agent's PATH; the CLI suites put the installed agent CLIs first.</summary>
    protected virtual string SearchPath => Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";

    public Task InitializeAsync() => StartEndpointAsync();

    public async Task DisposeAsync()
    {
        await StopEndpointAsync();
        _repo.Dispose();
        TempDir.Delete(_home);
    }

    protected async Task<(AgentTurnResult Result, RecordingSink Sink)> TurnAsync(
        string prompt, string? session = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var sink = new RecordingSink();
        var promptFile = Path.Combine(_home, "prompt.md");
        await File.WriteAllTextAsync(promptFile, prompt, ct);
        var turn = new AgentTurn
        {
            Agent = Agent,
            Role = AgentRole.Builder,
            Prompt = prompt,
            PromptFile = promptFile,
            Workspace = Workspace,
            TaskId = "t-conformance",
            RunId = "r-conformance",
            Stage = "build",
            SessionId = session,
            Timeout = timeout ?? TimeSpan.FromSeconds(120),
            Environment = ChildEnvironment.Create(new Dictionary<string, string> { ["PATH"] = SearchPath }),
            HomeDirectory = Path.Combine(_home, Agent.Name),
        };
        var result = await CreateAdapter(new ProcessRunner()).RunTurnAsync(turn, sink, ct);
        return (result, sink);
    }

    [Fact]
    public async Task A_plain_answer_is_a_successful_turn_with_its_session_message_and_usage()
    {
        var (result, sink) = await TurnAsync("Say hello");

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Failure.ShouldBe(AgentFailureKind.None);
        result.FinalMessage.ShouldNotBeNull().ShouldContain(PlainAnswerMarker);
        result.SessionId.ShouldNotBeNullOrEmpty();
        ((string?)sink.Of(EventType.AgentSession).ShouldHaveSingleItem()["session_id"]).ShouldBe(result.SessionId);
        sink.Of(EventType.AgentMessage).ShouldContain(m => ((string?)m["text"] ?? "").Contains(PlainAnswerMarker, StringComparison.Ordinal));
        sink.Of(EventType.AgentUsage).ShouldNotBeEmpty();
        sink.Lines.ShouldNotBeEmpty("every line the agent printed reaches the stage log");
    }

    [Fact]
    public async Task A_second_turn_continues_the_same_session_and_the_endpoint_sees_the_history()
    {
        var (first, _) = await TurnAsync("Remember the word pelican");
        first.Succeeded.ShouldBeTrue(first.Error);

        var (second, sink) = await TurnAsync("Which word did I ask you to remember?", session: first.SessionId);

        second.Succeeded.ShouldBeTrue(second.Error);
        second.SessionId.ShouldBe(first.SessionId);
        ((bool?)sink.Of(EventType.AgentSession).ShouldHaveSingleItem()["resumed"]).ShouldBe(true);
        UserMessagesInLatestRequest().ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task An_api_error_fails_the_turn_with_a_clear_reason()
    {
        var (result, sink) = await TurnAsync(ErrorPrompt);

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(ErrorFailure);
        result.Error.ShouldNotBeNullOrWhiteSpace();
        sink.Of(EventType.AgentError).ShouldContain(e => (bool?)e["fatal"] == true);
    }

    [Fact]
    public async Task A_model_that_never_answers_times_out_and_leaves_no_process_behind()
    {
        var clock = Stopwatch.StartNew();

        var (result, sink) = await TurnAsync("HANG until stopped", timeout: TimeSpan.FromSeconds(10));

        result.Succeeded.ShouldBeFalse();
        (result.TimedOut, result.Failure).ShouldBe((true, AgentFailureKind.TimedOut));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        await NoProcessLeftAsync(sink);
    }

    [Fact]
    public async Task Stop_in_the_middle_of_a_turn_ends_it_and_leaves_no_process_behind()
    {
        using var stop = new CancellationTokenSource();
        var turn = TurnAsync("HANG until stopped", ct: stop.Token);
        (await Eventually.TrueAsync(() => EndpointSaw("HANG"), TimeSpan.FromSeconds(60))).ShouldBeTrue("the agent reached the endpoint");
        var clock = Stopwatch.StartNew();

        await stop.CancelAsync();
        var (result, sink) = await turn;

        (result.Cancelled, result.Failure).ShouldBe((true, AgentFailureKind.Stopped));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        await NoProcessLeftAsync(sink);
    }

    private static async Task NoProcessLeftAsync(RecordingSink sink)
    {
        foreach (var group in sink.Groups)
        {
            var gone = await Eventually.TrueAsync(() => Procs.InGroup(group.Pgid).Count == 0, TimeSpan.FromSeconds(10));
            gone.ShouldBeTrue($"process group {group.Pgid} still has {string.Join(", ", Procs.InGroup(group.Pgid))}");
        }
    }
}
