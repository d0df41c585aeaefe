using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Baton.Core.Model;
using Baton.Testing;

namespace Baton.Web.Tests;

/// <summary><c>/metrics</c> in Prometheus text, folded from the feed, parsed back after real runs.</summary>
public sealed partial class MetricsTests
{
    private const string UsageAgent = "echo '{\"type\":\"usage\",\"input_tokens\":1200,\"output_tokens\":300,\"cost_usd\":0.015}'";

    [GeneratedRegex("""^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|\+Inf|NaN)$""")]
    private static partial Regex Sample();

    /// <summary>Every line is a comment or a well-formed sample; samples by "name{labels}".</summary>
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP baton_", StringComparison.Ordinal) || line.StartsWith("# TYPE baton_", StringComparison.Ordinal))
            {
                continue;
            }

            var match = Sample().Match(line);
            match.Success.ShouldBeTrue($"not a Prometheus sample: {line}");
            match.Groups["name"].Value.ShouldStartWith("baton_");
            var key = match.Groups["labels"].Success ? $"{match.Groups["name"].Value}{{{match.Groups["labels"].Value}}}" : match.Groups["name"].Value;
            samples[key] = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    [Fact]
    public async Task Runs_gates_tokens_cost_and_the_queue_are_counted_from_the_feed()
    {
        await using var web = await WebHarness.StartAsync(UsageAgent, gates: "[\"true\", \"false\"]");
        await web.PostAsync("/api/v1/tasks", """{"title":"counted"}""");
        (await Eventually.TrueAsync(async () => (await web.App.Store.ListRunsAsync(10, default)) is [{ State: RunState.Failed }], TimeSpan.FromSeconds(30))).ShouldBeTrue();
        await web.PostAsync("/api/v1/queue/pause");
        await web.PostAsync("/api/v1/tasks", """{"title":"waits"}""");

        Dictionary<string, double> samples = [];
        (await Eventually.TrueAsync(async () =>
        {
            var response = await web.Client.GetAsync("/metrics");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
            samples = Parse(await response.Content.ReadAsStringAsync());
            return samples.GetValueOrDefault("baton_queue_depth") == 1;
        }, TimeSpan.FromSeconds(10))).ShouldBeTrue();

        samples["baton_runs{state=\"failed\"}"].ShouldBe(1);
        samples["baton_runs{state=\"running\"}"].ShouldBe(0);
        // Each builder attempt (the pipeline's default max_attempts) ran both gates and reported its usage once.
        var attempts = samples["baton_gates_total{result=\"pass\"}"];
        attempts.ShouldBeGreaterThanOrEqualTo(1);
        samples["baton_gates_total{result=\"fail\"}"].ShouldBe(attempts);
        samples["baton_tokens_total{agent=\"shell\",project=\"app\",kind=\"input\"}"].ShouldBe(1200 * attempts);
        samples["baton_tokens_total{agent=\"shell\",project=\"app\",kind=\"output\"}"].ShouldBe(300 * attempts);
        samples["baton_cost_usd_total{agent=\"shell\",project=\"app\"}"].ShouldBe(0.015 * attempts, 1e-9);
        samples["baton_stage_duration_seconds_count{stage=\"build\"}"].ShouldBe(attempts);
        samples["baton_run_duration_seconds_count"].ShouldBe(1);
        samples["baton_run_duration_seconds_bucket{le=\"+Inf\"}"].ShouldBe(1);
        samples["baton_oldest_waiting_task_seconds"].ShouldBeGreaterThanOrEqualTo(0);
    }
}
