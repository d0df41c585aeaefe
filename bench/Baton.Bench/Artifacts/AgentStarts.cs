using Baton.Bench.Infra;

namespace Baton.Bench.Artifacts;

/// <summary>
/// Reads the file the benchmark's agents append to: one line per event, <c>&lt;task-id&gt; [&lt;tag&gt;] &lt;$EPOCHREALTIME&gt;</c>.
/// </summary>
internal static class AgentStarts
{
    /// <summary>The times of lines with <paramref name="tag"/> (or untagged lines when null), by task id; a task seen twice is an error.</summary>
    public static Dictionary<string, long> Read(string path, string? tag = null)
    {
        var byTask = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return byTask;
        }

        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (task, lineTag, time) = parts.Length switch
            {
                2 => (parts[0], null, parts[1]),
                3 => (parts[0], parts[1], parts[2]),
                _ => throw new BenchException($"{path}: unexpected line `{line}`"),
            };
            if (lineTag != tag)
            {
                continue;
            }

            if (!byTask.TryAdd(task, Clock.ParseEpoch(time)))
            {
                throw new BenchException($"{path}: task {task} started its agent twice");
            }
        }

        return byTask;
    }
}
