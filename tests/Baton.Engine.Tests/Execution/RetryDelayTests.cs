using Baton.Engine.Execution;

namespace Baton.Engine.Tests.Execution;

public sealed class RetryDelayTests
{
    private const int Samples = 2000;
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    private static List<TimeSpan> Sample(TimeSpan baseDelay, int failedTries) =>
        [.. Enumerable.Range(0, Samples).Select(_ => StageExecutor.RetryDelay(baseDelay, failedTries))];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)]
    public void The_delay_doubles_with_each_failed_try_within_fifty_percent_jitter(int failedTries)
    {
        var baseDelay = TimeSpan.FromSeconds(1);
        var expected = baseDelay * Math.Pow(2, failedTries - 1);

        var delays = Sample(baseDelay, failedTries);

        delays.ShouldAllBe(d => d >= expected * 0.5 && d <= expected * 1.5);
        var mean = delays.Average(d => d.TotalMilliseconds);
        mean.ShouldBeInRange(expected.TotalMilliseconds * 0.9, expected.TotalMilliseconds * 1.1, "jitter is centred on the exponential value");
    }

    [Fact]
    public void The_jitter_spreads_delays_across_the_range()
    {
        var delays = Sample(TimeSpan.FromSeconds(10), 1);

        delays.Min().ShouldBeLessThan(TimeSpan.FromSeconds(7));
        delays.Max().ShouldBeGreaterThan(TimeSpan.FromSeconds(13));
        delays.Distinct().Count().ShouldBeGreaterThan(Samples / 2, "two retries rarely wake at the same moment");
    }

    [Theory]
    [InlineData(20)]
    [InlineData(64)]
    [InlineData(2000)]
    [InlineData(int.MaxValue)]
    public void Large_try_counts_are_capped_at_five_minutes(int failedTries)
    {
        Sample(TimeSpan.FromSeconds(2), failedTries).ShouldAllBe(d => d > TimeSpan.Zero && d <= Cap);
    }

    [Fact]
    public void Jitter_never_pushes_a_delay_past_the_cap()
    {
        // 4 minutes before jitter: up to 6 minutes after it, so the cap must cut in.
        var delays = Sample(TimeSpan.FromMinutes(1), 3);

        delays.ShouldAllBe(d => d >= TimeSpan.FromMinutes(2) && d <= Cap);
        delays.Max().ShouldBe(Cap);
    }

    [Fact]
    public void A_zero_base_delay_retries_at_once()
    {
        Sample(TimeSpan.Zero, 3).ShouldAllBe(d => d == TimeSpan.Zero);
    }
}
