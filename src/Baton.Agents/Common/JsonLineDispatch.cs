using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Core.Events.Data;

namespace Baton.Agents.Common;

/// <summary>
/// The envelope every CLI stream parser shares: blank lines carry nothing (the stage log keeps them), a line that is
/// not a JSON object is kept as <c>agent.raw</c> with the reason, an object goes to the parser's own reader, and a
/// line the reader did not understand — or that broke it — is kept raw too. Never throws.
/// </summary>
internal static class JsonLineDispatch
{
    /// <param name="read">Maps one record; returns null or "" when it understood it, else why not.</param>
    public static void Parse(string line, List<EventData> events, Func<JsonObject, List<EventData>, string?> read)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        try
        {
            var obj = JsonLine.TryRead(line, out var reason);
            var unread = obj is null ? reason : read(obj, events);
            if (!string.IsNullOrEmpty(unread))
            {
                events.Add(AgentData.Raw(line, unread));
            }
        }
        catch (Exception)
        {
            // A shape no rule foresaw: keep the line whole. Events the reader already added stay: they may carry text
            // held back from earlier lines (Gemini's streamed deltas), which must not be lost with this line.
            events.Add(AgentData.Raw(line, "unreadable"));
        }
    }
}
