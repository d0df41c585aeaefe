namespace Baton.Core.Config;

/// <summary>Finds pipelines that contain themselves through <c>pipeline</c> stages, and names the loop.</summary>
internal static class PipelineCycles
{
    private enum Mark
    {
        Unvisited,
        OnPath,
        Done,
    }

    public static void Validate(BatonConfig config, List<ConfigError> errors)
    {
        var marks = config.Pipelines.Keys.ToDictionary(name => name, _ => Mark.Unvisited, StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var name in config.Pipelines.Keys)
        {
            if (marks[name] == Mark.Unvisited)
            {
                Visit(config, name, marks, path, errors);
            }
        }
    }

    private static void Visit(BatonConfig config, string name, Dictionary<string, Mark> marks, List<string> path, List<ConfigError> errors)
    {
        marks[name] = Mark.OnPath;
        path.Add(name);
        var stages = config.Pipelines[name].Stages;
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i].Kind != StageKind.Pipeline || stages[i].Pipeline is not { } target || !marks.TryGetValue(target, out var mark))
            {
                continue;
            }

            if (mark == Mark.OnPath)
            {
                var loop = path.Skip(path.IndexOf(target)).Append(target);
                errors.Add(new($"pipelines.{name}.stages[{i}].pipeline", $"pipelines form a cycle: {string.Join(" → ", loop)}. A pipeline may not contain itself."));
            }
            else if (mark == Mark.Unvisited)
            {
                Visit(config, target, marks, path, errors);
            }
        }

        path.RemoveAt(path.Count - 1);
        marks[name] = Mark.Done;
    }
}
