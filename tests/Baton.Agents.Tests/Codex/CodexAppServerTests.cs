using System.Text.Json.Nodes;
using Baton.Agents.Codex;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Testing;

namespace Baton.Agents.Tests.Codex;

/// <summary>The app-server protocol against a recorded exchange: the handshake, a command put to Baton and declined, the events.</summary>
public sealed class CodexAppServerTests : IDisposable
{
    private const string Thread = "01a25053-1e75-75c0-a0b0-ed86dd0c63f2";
    private readonly string _root = TempDir.Create("codex-app-server");

    private static readonly string[] Exchange =
    [
        """{"id":1,"result":{"userAgent":"baton/0.169.0","codexHome":"/h","platformFamily":"unix","platformOs":"linux"}}""",
        """{"method":"configWarning","params":{"summary":"Codex could not find bubblewrap on PATH.","details":null}}""",
        """{"id":2,"result":{"thread":{"id":"01a25053-1e75-75c0-a0b0-ed86dd0c63f2","sessionId":"01a25053-1e75-75c0-a0b0-ed86dd0c63f2","ephemeral":false,"status":{"type":"idle"}}}}""",
        """{"id":3,"result":{"turn":{"id":"t1","items":[],"status":"inProgress","error":null}}}""",
        """{"method":"turn/started","params":{"threadId":"01a25053-1e75-75c0-a0b0-ed86dd0c63f2","turn":{"id":"t1","status":"inProgress"}}}""",
        """{"method":"item/started","params":{"item":{"type":"userMessage","id":"u1","content":[{"type":"text","text":"RUN_SHELL: touch forbidden.txt"}]},"threadId":"x","turnId":"t1"}}""",
        """{"method":"item/started","params":{"item":{"type":"commandExecution","id":"call_a1","command":"/bin/bash -lc 'touch forbidden.txt'","cwd":"/work/ws","status":"inProgress","aggregatedOutput":null,"exitCode":null},"threadId":"x","turnId":"t1"}}""",
        """{"method":"item/commandExecution/requestApproval","id":0,"params":{"kind":"command","threadId":"x","turnId":"t1","itemId":"call_a1","command":"/bin/bash -lc 'touch forbidden.txt'","cwd":"/work/ws","availableDecisions":["accept","cancel"]}}""",
        """{"method":"serverRequest/resolved","params":{"threadId":"x","requestId":0}}""",
        """{"method":"item/completed","params":{"item":{"type":"commandExecution","id":"call_a1","command":"/bin/bash -lc 'touch forbidden.txt'","cwd":"/work/ws","status":"declined","aggregatedOutput":null,"exitCode":null},"threadId":"x","turnId":"t1"}}""",
        """{"method":"thread/tokenUsage/updated","params":{"threadId":"x","turnId":"t1","tokenUsage":{"total":{"totalTokens":220,"inputTokens":200,"cachedInputTokens":0,"outputTokens":20,"reasoningOutputTokens":0},"last":{"totalTokens":110,"inputTokens":100,"outputTokens":10}}}}""",
        """{"method":"item/completed","params":{"item":{"type":"reasoning","id":"r1","summary":["Think first."],"content":[]},"threadId":"x","turnId":"t1"}}""",
        """{"method":"item/completed","params":{"item":{"type":"agentMessage","id":"m1","text":"I was not allowed to."},"threadId":"x","turnId":"t1"}}""",
        """{"method":"turn/completed","params":{"threadId":"x","turn":{"id":"t1","items":[],"status":"completed","error":null}}}""",
    ];

    private AgentTurn Turn(AgentConfig? agent = null) => Turns.For(
        agent ?? new AgentConfig { Name = "coder", Kind = AgentKind.Codex, Command = StandInExecutable.Create(Path.Combine(_root, "bin"), "codex"), Model = "gpt-5.5" },
        "/work/ws", "RUN_SHELL: touch forbidden.txt", Path.Combine(_root, "home"));

    [Fact]
    public async Task The_handshake_starts_a_thread_asking_first_and_a_declined_command_is_answered_decline()
    {
        var runner = new ScriptedProcessRunner(Exchange);
        var sink = new RecordingSink { Decide = a => ActionDecision.Decline($"`{a.What}` is blocked") };

        var result = await new CodexAdapter(runner).RunTurnAsync(Turn(), sink, CancellationToken.None);

        runner.Spec!.Arguments.ShouldBe(["app-server"]);
        var sent = runner.StdinLines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        sent.Select(m => (string?)m["method"] ?? $"reply {(int)m["id"]!}").ShouldBe(["initialize", "initialized", "thread/start", "turn/start", "reply 0"]);
        ((string?)sent[2]["params"]!["approvalPolicy"]).ShouldBe("untrusted");
        ((string?)sent[2]["params"]!["cwd"]).ShouldBe("/work/ws");
        ((string?)sent[2]["params"]!["model"]).ShouldBe("gpt-5.5");
        ((string?)sent[3]["params"]!["threadId"]).ShouldBe(Thread);
        ((string?)sent[3]["params"]!["input"]![0]!["text"]).ShouldBe("RUN_SHELL: touch forbidden.txt");
        ((string?)sent[4]["result"]!["decision"]).ShouldBe("decline");
        sink.Asked.ShouldBe([new AgentAction(AgentActionKind.Command, "/bin/bash -lc 'touch forbidden.txt'", "call_a1")]);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.SessionId.ShouldBe(Thread);
        result.FinalMessage.ShouldBe("I was not allowed to.");
        result.Usage!.InputTokens.ShouldBe(200);
        sink.Of(EventType.AgentCommand).Select(c => (string?)c["status"]).ShouldBe(["started", "declined"]);
        sink.Of(EventType.AgentReasoning).ShouldHaveSingleItem();
        sink.Of(EventType.AgentRaw).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_resumed_turn_resumes_the_thread()
    {
        var runner = new ScriptedProcessRunner(Exchange);

        await new CodexAdapter(runner).RunTurnAsync(Turn() with { SessionId = Thread }, new RecordingSink(), CancellationToken.None);

        var resume = JsonNode.Parse(runner.StdinLines[2])!;
        ((string?)resume["method"]).ShouldBe("thread/resume");
        ((string?)resume["params"]!["threadId"]).ShouldBe(Thread);
    }

    [Fact]
    public async Task A_request_baton_does_not_answer_gets_an_error_and_a_refused_handshake_fails_the_turn()
    {
        var runner = new ScriptedProcessRunner([
            """{"method":"item/tool/requestUserInput","id":7,"params":{"questions":[]}}""",
            """{"id":1,"error":{"code":-32600,"message":"not initialized"}}""",
        ]);
        var sink = new RecordingSink();

        var result = await new CodexAdapter(runner).RunTurnAsync(Turn(), sink, CancellationToken.None);

        var reply = JsonNode.Parse(runner.StdinLines[1])!;
        ((int?)reply["id"]).ShouldBe(7);
        ((string?)reply["error"]!["message"]).ShouldNotBeNull().ShouldContain("item/tool/requestUserInput");
        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldContain("not initialized");
    }

    [Fact]
    public async Task A_file_change_outside_the_workspace_is_declined_without_asking_the_sink()
    {
        var runner = new ScriptedProcessRunner([
            """{"method":"item/started","params":{"item":{"type":"fileChange","id":"p1","status":"inProgress","changes":[{"path":"/etc/motd","kind":{"type":"update"},"diff":""}]}}}""",
            """{"method":"item/fileChange/requestApproval","id":4,"params":{"itemId":"p1","threadId":"x","turnId":"t1","startedAtMs":1}}""",
        ]);
        var sink = new RecordingSink();

        await new CodexAdapter(runner).RunTurnAsync(Turn(), sink, CancellationToken.None);

        ((string?)JsonNode.Parse(runner.StdinLines[1])!["result"]!["decision"]).ShouldBe("decline");
        sink.Asked.ShouldBeEmpty();
        ((string?)sink.Of(EventType.PolicyViolation).ShouldHaveSingleItem()["path"]).ShouldBe("/etc/motd");
    }

    [Fact]
    public async Task Exec_mode_and_a_sandbox_that_asks_nothing_keep_codex_exec()
    {
        var codex = StandInExecutable.Create(Path.Combine(_root, "bin"), "codex");
        foreach (var agent in new[]
        {
            new AgentConfig { Name = "c", Kind = AgentKind.Codex, Command = codex, Mode = AgentMode.Exec },
            new AgentConfig { Name = "c", Kind = AgentKind.Codex, Command = codex, Sandbox = "read-only" },
        })
        {
            var runner = new ScriptedProcessRunner();
            await new CodexAdapter(runner).RunTurnAsync(Turn(agent), new RecordingSink(), CancellationToken.None);
            runner.Spec!.Arguments[0].ShouldBe("exec");
            runner.Spec.Input.ShouldBeNull();
        }
    }

    public void Dispose() => TempDir.Delete(_root);
}
