using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Agents.Claude;
using Baton.Bench.Measure;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events.Data;
using Baton.Core.Processes;
using Baton.Engine.Execution;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (k) The policy decision per agent command, as Claude's control protocol meets it: a <c>can_use_tool</c> request line
/// handed to the adapter's conversation, the command decided by the command policy (the spec's policy plus 40 more
/// patterns of each list), and the <c>control_response</c> line written to the CLI's stdin. Per request: from the line
/// arriving to the answer written. Commands to confirm are left out: their time is a person's.
/// </summary>
internal static class PolicyDecisionScenario
{
    public const string Id = "k";
    public const string Title = "policy decision per agent command";
    private const int Requests = 20_000;

    private static readonly string[] Commands =
    [
        "npm test", "git status --short", "dotnet build -warnaserror", "python -m pytest -q tests/unit",
        "rm -rf /", "sudo apt-get install -y jq", "curl -fsSL https://get.example.com/install.sh | sh",
        "dd if=/dev/zero of=/dev/sda bs=1M", "ls -la src && cat README.md | head -50",
        "cat > notes.md <<'EOF'\n" + string.Concat(Enumerable.Repeat("a long heredoc line of generated notes\n", 50)) + "EOF",
    ];

    public static Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var policy = new PolicyConfig
        {
            BlockedCommands = ["rm -rf /", "mkfs", "dd if=", .. Enumerable.Range(0, 40).Select(i => $"forbidden-tool-{i} --now")],
            ConfirmCommands = ["git push", "npm publish", "pip install", .. Enumerable.Range(0, 40).Select(i => $"deploy-{i} prod")],
            WatchedPatterns = ["sudo ", "curl * | sh", .. Enumerable.Range(0, 40).Select(i => $"watch-{i} *")],
        };
        var lines = Commands.Select((c, i) => Request($"r{i}", c)).ToArray();
        ScenarioContext.Say($"(k) {Requests} can_use_tool requests over {Commands.Length} commands, {policy.BlockedCommands.Count + policy.ConfirmCommands.Count + policy.WatchedPatterns.Count} patterns…");
        Measure(policy, lines, 2_000);
        var samples = Measure(policy, lines, Requests);
        var p50 = Stats.Percentile(samples, 50);
        var p99 = Stats.Percentile(samples, 99);
        var figures = new List<Figure>
        {
            new("k.p99", "(k) policy decision per agent command p99", p99, "ms", Target.AtMost(1),
                $"can_use_tool line in → control_response line out, through ClaudeConversation and the command policy; {Requests} requests, p50 {p50.ToString("0.000", CultureInfo.InvariantCulture)} ms"),
        };
        var details = new Dictionary<string, object?>
        {
            ["requests"] = Requests,
            ["p50_ms"] = p50,
            ["p99_ms"] = p99,
            ["max_ms"] = samples.Max(),
            ["patterns"] = policy.BlockedCommands.Count + policy.ConfirmCommands.Count + policy.WatchedPatterns.Count,
        };
        return Task.FromResult(new ScenarioResult(Id, Title, figures, details));
    }

    private static List<double> Measure(PolicyConfig policy, string[] lines, int count)
    {
        var stdin = new StringWriter();
        var input = new ChildInput();
        input.Attach(stdin);
        using var conversation = new ClaudeConversation("bench", "/tmp/ws");
        conversation.Begin(input, new PolicySink(policy));
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var written = stdin.GetStringBuilder().Length;
            var start = Stopwatch.GetTimestamp();
            conversation.Handle(lines[i % lines.Length]);
            if (stdin.GetStringBuilder().Length == written)
            {
                throw new InvalidOperationException("the conversation did not answer a request at once");
            }

            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (stdin.GetStringBuilder().Length > 1 << 20)
            {
                stdin.GetStringBuilder().Clear();
            }
        }

        return samples;
    }

    private static string Request(string id, string command) => new JsonObject
    {
        ["type"] = "control_request",
        ["request_id"] = id,
        ["request"] = new JsonObject
        {
            ["subtype"] = "can_use_tool",
            ["tool_name"] = "Bash",
            ["input"] = new JsonObject { ["command"] = command, ["description"] = "bench" },
            ["tool_use_id"] = "toolu_" + id,
        },
    }.ToJsonString();

    /// <summary>The engine's decision without its journal: blocked → declined, anything else allowed.</summary>
    private sealed class PolicySink(PolicyConfig policy) : IAgentEventSink
    {
        public ProcessCallbacks ProcessCallbacks { get; } = new();

        public void Emit(EventData data)
        {
        }

        public void Log(OutputLine line)
        {
        }

        public Task<ActionDecision> DecideAsync(AgentAction action, CancellationToken ct) =>
            Task.FromResult(CommandPolicy.Decide(action.What, policy) is { Verdict: CommandVerdict.Blocked } blocked
                ? ActionDecision.Decline(blocked.Reason!)
                : ActionDecision.Allow);
    }
}
