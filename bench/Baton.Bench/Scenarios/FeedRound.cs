using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>One round of (h): K followers, the latencies (ms) of the run's events each printed, and what they agreed on.</summary>
internal sealed record FeedRound(
    int Followers,
    int EventsPerFollower,
    List<double> LatenciesMs,
    List<double> AgentMessageMs,
    List<double> OtherEventsMs,
    List<double> TaskEventsMs,
    List<double> PerFollowerP99Ms,
    Dictionary<string, FeedTypeSummary> ByType,
    int Missed,
    int Doubled,
    List<double> FollowerCpuPercent,
    double FollowersReadySeconds,
    double RunWallSeconds,
    double OtherWorkPercent)
{
    public double P50 => Stats.Median(LatenciesMs);

    public double P99 => Stats.Percentile(LatenciesMs, 99);
}

/// <summary>The latencies of one event type in a round of (h), over every follower.</summary>
internal sealed record FeedTypeSummary(int Count, double P50Ms, double P99Ms, double MaxMs);
