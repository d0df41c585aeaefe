using System.Text.Json;
using Baton.Bench.Infra;

namespace Baton.Bench.Artifacts;

/// <summary>
/// What the benchmark reads from a run's <c>manifest.json</c>: its times at full precision (the store keeps
/// milliseconds) and the build stage's duration.
/// </summary>
internal sealed record RunManifest(string TaskId, string RunId, string State, string? Message, long StartedNs, long FinishedNs, double? BuildStageSeconds)
{
    public static RunManifest Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var run = doc.RootElement.GetProperty("run");
        double? build = null;
        foreach (var stage in doc.RootElement.GetProperty("stages").EnumerateArray())
        {
            if (stage.GetProperty("id").GetString() == "build" && stage.TryGetProperty("seconds", out var s) && s.ValueKind == JsonValueKind.Number)
            {
                build = s.GetDouble();
            }
        }

        return new RunManifest(
            doc.RootElement.GetProperty("task").GetProperty("id").GetString() ?? "",
            run.GetProperty("id").GetString() ?? "",
            run.GetProperty("state").GetString() ?? "",
            run.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null,
            Clock.UnixNs(run.GetProperty("started_at").GetDateTimeOffset()),
            Clock.UnixNs(run.GetProperty("finished_at").GetDateTimeOffset()),
            build);
    }
}
