using System.Text.Json;
using Baton.Core.Config;
using Baton.Core.Text;

namespace Baton.Core.Tasks;

/// <summary>Reads one task object (the task fields of the spec, snake_case), reporting every bad field with its path.</summary>
internal static class JsonTaskReader
{
    public static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private static readonly string[] Fields =
        ["id", "title", "prompt", "project", "pipeline", "agent", "stage", "depends_on", "max_attempts", "priority", "labels", "requester",
            "command", "quality_gates"];

    /// <summary>The task, or null when it has errors (which are added to <paramref name="errors"/>).</summary>
    public static TaskDraft? Read(JsonElement element, string path, List<ConfigError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(Label(path), $"expected a task object such as {{\"title\": \"Fix the login bug\"}}, got {Describe(element)}."));
            return null;
        }

        var before = errors.Count;
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var at = Child(path, property.Name);
            if (!Fields.Contains(property.Name))
            {
                errors.Add(new(at, $"unknown field `{property.Name}`.{Suggestions.DidYouMean(property.Name, Fields)} Valid fields: {string.Join(", ", Fields)}."));
            }
            else if (!values.TryAdd(property.Name, property.Value))
            {
                errors.Add(new(at, $"`{property.Name}` is given twice."));
            }
        }

        var reader = new FieldReader(values, path, errors);
        var id = reader.Id();
        var prompt = reader.String("prompt");
        var title = reader.String("title") ?? TitleFrom(prompt);
        if (title is null && !reader.Has("title"))
        {
            errors.Add(new(Child(path, "title"), "a task needs `title` (or `prompt`): what should be done, e.g. \"Fix the login bug\"."));
        }
        else if (title is not null && title.Trim().Length == 0)
        {
            errors.Add(new(Child(path, "title"), "must not be empty."));
        }

        var draft = new TaskDraft
        {
            ExternalKey = TaskKeys.Json(id, title ?? ""),
            Id = id,
            Title = title?.Trim() ?? "",
            Prompt = prompt ?? title ?? "",
            Project = reader.String("project"),
            Pipeline = reader.String("pipeline"),
            Agent = reader.String("agent"),
            Stage = reader.String("stage"),
            DependsOn = reader.Strings("depends_on") ?? [],
            MaxAttempts = reader.Int("max_attempts", min: 1),
            Priority = reader.Int("priority", min: int.MinValue) ?? 0,
            Labels = reader.Strings("labels") ?? [],
            Requester = reader.String("requester"),
            Command = reader.String("command"),
            QualityGates = reader.Strings("quality_gates") ?? [],
        };
        if (draft.Command is { } command && command.Trim().Length == 0)
        {
            errors.Add(new(Child(path, "command"), "must not be empty: leave `command` out, or give a shell command such as \"make test\"."));
        }

        if (draft.QualityGates.Any(g => g.Trim().Length == 0))
        {
            errors.Add(new(Child(path, "quality_gates"), "a gate must not be empty: each is a shell command such as \"npm test\"."));
        }
        if (id is not null && draft.DependsOn.Contains(id))
        {
            errors.Add(new(Child(path, "depends_on"), $"a task cannot depend on itself (`{id}`)."));
        }

        return errors.Count == before ? draft : null;
    }

    /// <summary>A prompt's first line stands in for a missing title.</summary>
    private static string? TitleFrom(string? prompt)
    {
        var line = prompt?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return line is null ? null : line.Length <= 80 ? line : line[..77] + "...";
    }

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The path of the whole task in messages; a lone task has no path, so it is called "task".</summary>
    public static string Label(string path) => path.Length == 0 ? "task" : path;

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Clip(element.GetRawText())}",
        JsonValueKind.Number => $"the number {Clip(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Clip(string text) => text.Length <= 40 ? text : text[..37] + "...";

    /// <summary>Typed reads of the collected fields; null means absent (or wrong, with an error added).</summary>
    private sealed class FieldReader(Dictionary<string, JsonElement> values, string path, List<ConfigError> errors)
    {
        public bool Has(string key) => TryGet(key, out _);

        private bool TryGet(string key, out JsonElement value) =>
            values.TryGetValue(key, out value) && value.ValueKind != JsonValueKind.Null;

        public string? String(string key)
        {
            if (!TryGet(key, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            errors.Add(new(Child(path, key), $"expected a string, got {Describe(value)}."));
            return null;
        }

        /// <summary>An id may be written as a string or a whole number; it is kept as text.</summary>
        public string? Id()
        {
            if (TryGet("id", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            {
                return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var id = String("id");
            if (id is not null && id.Trim().Length == 0)
            {
                errors.Add(new(Child(path, "id"), "must not be empty: leave `id` out, or give a stable name such as \"TASK-123\"."));
                return null;
            }

            return id;
        }

        public int? Int(string key, int min)
        {
            if (!TryGet(key, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                errors.Add(new(Child(path, key), $"expected a whole number, got {Describe(value)}."));
                return null;
            }

            if (number < min)
            {
                errors.Add(new(Child(path, key), $"{number} is out of range: use {min} or more."));
                return null;
            }

            return number;
        }

        public List<string>? Strings(string key)
        {
            if (!TryGet(key, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new(Child(path, key), $"expected an array of strings such as [\"a\", \"b\"], got {Describe(value)}."));
                return null;
            }

            var list = new List<string>();
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text)
                {
                    list.Add(text);
                }
                else
                {
                    errors.Add(new($"{Child(path, key)}[{i}]", $"expected a non-empty string, got {Describe(item)}."));
                }

                i++;
            }

            return list;
        }
    }
}
