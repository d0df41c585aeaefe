using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.Core.Processes;

namespace Baton.Engine.Execution;

/// <summary>Routes an adapter's events into the run's journal under the stage, and its raw output to the stage log.</summary>
public sealed class StageAgentSink(EngineServices services, RunContext ctx, string stage, TextWriter log) : IAgentEventSink
{
    public ProcessCallbacks ProcessCallbacks { get; } = ProcessHooks.For(services, ctx, stage, TextWriter.Null);

    public void Emit(EventType type, JsonObject data) => ctx.Journal.Emit(type, stage, data);

    public void Log(OutputLine line)
    {
        log.WriteLine(line.Text);
        ctx.Observer?.OnOutput(ctx.Run.Id, stage, line);
    }
}
