using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Processes;
using Baton.Engine.Supervision;

namespace Baton.Engine.Execution;

/// <summary>Routes an adapter's events into the run's journal under the stage, and its raw output to the stage log.</summary>
public sealed class StageAgentSink(EngineServices services, RunContext ctx, string stage, TextWriter log) : IAgentEventSink
{
    public ProcessCallbacks ProcessCallbacks { get; } = new ProcessSupervisor(services).Callbacks(ctx, stage, TextWriter.Null);

    public void Emit(EventData data) => ctx.Journal.Emit(stage, data);

    public void Log(OutputLine line)
    {
        log.WriteLine(line.Text);
        ctx.Observer?.OnOutput(ctx.Run.Id, stage, line);
    }
}
