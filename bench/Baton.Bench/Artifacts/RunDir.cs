namespace Baton.Bench.Artifacts;

/// <summary>One run's directory, <c>.baton/runs/&lt;task&gt;/&lt;run&gt;/</c>.</summary>
internal sealed record RunDir(string TaskId, string RunId, string Path)
{
    public string EventsFile => System.IO.Path.Combine(Path, "events.ndjson");

    public string ManifestFile => System.IO.Path.Combine(Path, "manifest.json");

    public static IReadOnlyList<RunDir> All(string stateDir)
    {
        var runs = System.IO.Path.Combine(stateDir, "runs");
        if (!Directory.Exists(runs))
        {
            return [];
        }

        return Directory.EnumerateDirectories(runs)
            .SelectMany(task => Directory.EnumerateDirectories(task)
                .Select(run => new RunDir(System.IO.Path.GetFileName(task), System.IO.Path.GetFileName(run), run)))
            .ToList();
    }
}
