using Baton.Core.Events;
using Baton.Core.Processes;

namespace Baton.Engine.Execution;

/// <summary>A live view of a run (the terminal, later chat and SSE). Calls arrive on worker threads and must be quick.</summary>
public interface IRunObserver
{
    void OnEvent(RunEvent evt);

    void OnOutput(string runId, string stage, OutputLine line);
}
