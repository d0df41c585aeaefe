using System.Text.Json;
using Baton.Core.Config;

namespace Baton.Core.Tasks;

/// <summary>Task JSON: one task (<c>baton tasks add --json</c>, <c>!task {json}</c>) or a <c>tasks.json</c> file.</summary>
public static class TaskJson
{
    /// <summary>One task object. The task is null when there are errors; paths are field names (<c>depends_on[1]</c>).</summary>
    public static (TaskDraft? Task, IReadOnlyList<ConfigError> Errors) ParseOne(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<ConfigError>();
        using var document = Parse(json, "task", errors);
        var task = document is null ? null : JsonTaskReader.Read(document.RootElement, "", errors);
        return (task, errors);
    }

    /// <summary>A file holding an array of tasks, or <c>{ "tasks": [...] }</c>. Paths are <c>tasks[2].depends_on</c>.</summary>
    public static TaskFileResult ParseFile(string content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        var errors = new List<ConfigError>();
        using var document = Parse(content, fileName, errors);
        if (document is null)
        {
            return new([], errors);
        }

        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (!root.TryGetProperty("tasks", out var inner))
            {
                errors.Add(new("tasks", "missing: a task file is an array of tasks, or { \"tasks\": [...] }; a single task goes in [ ]."));
                return new([], errors);
            }

            foreach (var property in root.EnumerateObject().Where(p => p.Name != "tasks"))
            {
                errors.Add(new(property.Name, "unknown key: a task file is an array of tasks, or an object with only `tasks`."));
            }

            root = inner;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new("tasks", $"expected an array of tasks, got {JsonTaskReader.Describe(root)}."));
            return new([], errors);
        }

        var tasks = new List<TaskDraft>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var path = $"tasks[{index}]";
            if (JsonTaskReader.Read(element, path, errors) is { } task)
            {
                if (task.Id is { } id && !ids.TryAdd(id, index))
                {
                    errors.Add(new($"{path}.id", $"duplicate id `{id}` (also tasks[{ids[id]}]): ids must be unique."));
                }
                else if (task.Id is null && !keys.TryAdd(task.ExternalKey, index))
                {
                    errors.Add(new($"{path}.title", $"the same title as tasks[{keys[task.ExternalKey]}]: give one of them an `id` to tell them apart."));
                }
                else
                {
                    tasks.Add(task);
                }
            }

            index++;
        }

        return new(tasks, errors);
    }

    private static JsonDocument? Parse(string json, string label, List<ConfigError> errors)
    {
        try
        {
            return JsonDocument.Parse(json, JsonTaskReader.Options);
        }
        catch (JsonException e)
        {
            errors.Add(new(label, $"not valid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {Reason(e.Message)}"));
            return null;
        }
    }

    /// <summary>System.Text.Json's message without its own position suffix, which is zero-based and repeated above.</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).Trim();
    }
}
