namespace Baton.ModelServer;

/// <summary>The thread-safe, append-only list of recorded requests.</summary>
internal sealed class RequestLog
{
    private readonly Lock gate = new();
    private readonly List<RecordedRequest> requests = [];

    public void Add(RecordedRequest request)
    {
        lock (gate)
        {
            requests.Add(request);
        }
    }

    public RecordedRequest[] Snapshot()
    {
        lock (gate)
        {
            return [.. requests];
        }
    }
}
