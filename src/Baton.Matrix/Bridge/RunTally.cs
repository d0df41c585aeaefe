using System.Text.Json.Nodes;
using Baton.Core.Events;

namespace Baton.Matrix.Bridge;

/// <summary>What the status line shows that only events tell: tokens, cost, the last agent message.</summary>
public sealed class RunTally
{
    public long Tokens { get; private set; }
    public decimal? CostUsd { get; private set; }
    public string? LastAgentMessage { get; private set; }
    public string? LastGate { get; private set; }

    public void Add(RunEvent e)
    {
        switch (e.Type)
        {
            case EventType.AgentUsage:
                Tokens += Long(e.Data, "input_tokens") + Long(e.Data, "output_tokens");
                if (e.Data["cost_usd"] is JsonValue cost && cost.TryGetValue<decimal>(out var usd))
                {
                    CostUsd = (CostUsd ?? 0) + usd;
                }

                break;
            case EventType.AgentMessage when e.Data["text"] is JsonValue v && v.TryGetValue<string>(out var text) && text.Trim().Length > 0:
                LastAgentMessage = text;
                break;
            case EventType.GateFinished:
                LastGate = EventText.Describe(e);
                break;
            default:
                break;
        }
    }

    private static long Long(JsonObject d, string key) => d[key] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
}
