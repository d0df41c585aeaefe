using Baton.Core.Events;
using Baton.ModelServer;

namespace Baton.Agents.Tests.Conformance;

/// <summary>The conformance suite for agent CLIs: the real CLI against the scripted model server, plus tool use.</summary>
public abstract class CliConformance : ConversationConformance
{
    private ScriptedModelServer? _server;

    protected ScriptedModelServer Server => _server ?? throw new InvalidOperationException("the model server is not started");

    protected override string PlainAnswerMarker => "Hello from the scripted model";

    protected override string SearchPath => AgentClis.SearchPath();

    protected override async Task StartEndpointAsync() => _server = await ScriptedModelServer.StartAsync();

    protected override async Task StopEndpointAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override int UserMessagesInLatestRequest() =>
        Server.ModelTurns is { Count: > 0 } turns ? turns[^1].Normalized?.UserMessageCount ?? 0 : 0;

    protected override bool EndpointSaw(string marker) =>
        Server.Requests.Any(r => r.Normalized?.AllText.Contains(marker, StringComparison.Ordinal) == true);

    [Fact]
    public async Task A_shell_command_the_model_asks_for_runs_in_the_workspace()
    {
        var (result, sink) = await TurnAsync("RUN_SHELL: echo conformance > shell-out.txt");

        result.Succeeded.ShouldBeTrue(result.Error);
        File.ReadAllText(Path.Combine(Workspace, "shell-out.txt")).Trim().ShouldBe("conformance");
        sink.Of(EventType.AgentCommand).ShouldContain(c => (int?)c["exit_code"] == 0);
        Server.ModelTurns.ShouldContain(r => r.Normalized!.LastIsToolResult, "the command's result went back to the model");
    }

    [Fact]
    public async Task A_file_edit_the_model_asks_for_changes_the_file()
    {
        var (result, sink) = await TurnAsync("WRITE_FILE: notes.txt written by the agent");

        result.Succeeded.ShouldBeTrue(result.Error);
        File.ReadAllText(Path.Combine(Workspace, "notes.txt")).ShouldContain("written by the agent");
        sink.Events.ShouldContain(e => e.Type == EventType.AgentFileChange || e.Type == EventType.AgentCommand);
    }
}
