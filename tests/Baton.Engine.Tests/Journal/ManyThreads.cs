namespace Baton.Engine.Tests.Journal;

/// <summary>Runs the same work on several dedicated threads that all start at the same moment, for contention.</summary>
internal static class ManyThreads
{
    public static void Run(int threads, Action<int> work)
    {
        using var start = new Barrier(threads);
        var failures = new List<Exception>();
        var all = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                work(i);
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(ex);
                }
            }
        })).ToList();
        all.ForEach(t => t.Start());
        all.ForEach(t => t.Join());
        if (failures.Count > 0)
        {
            throw new AggregateException(failures);
        }
    }
}
