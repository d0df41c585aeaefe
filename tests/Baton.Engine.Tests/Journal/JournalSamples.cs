using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;
using Baton.Engine.Journal;

namespace Baton.Engine.Tests.Journal;

internal static class JournalSamples
{
    public static RunJournal Open(IEventStore store, IRunFiles files, long lastSeq = 0) =>
        new("t1", "r1", lastSeq, store, files, TimeProvider.System);

    public static RunEvent EmitLine(this RunJournal journal, int n) =>
        journal.Emit("build", new AgentRawData { Line = $"line {n}" });
}
