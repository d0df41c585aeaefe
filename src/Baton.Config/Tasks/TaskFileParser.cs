using Baton.Core.Config;
using Baton.Core.Tasks;

namespace Baton.Config.Tasks;

/// <summary>Reads a task file for <c>baton tasks sync</c>: <c>tasks.json</c> or a Markdown checklist such as <c>docs/TASKS.md</c>.</summary>
public static class TaskFileParser
{
    /// <summary>Parses by the file's extension (<c>.json</c>, <c>.md</c>, <c>.markdown</c>); <paramref name="path"/> is not read.</summary>
    public static TaskFileResult Parse(string path, string content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        var fileName = Path.GetFileName(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".json" => TaskJson.ParseFile(content, fileName),
            ".md" or ".markdown" => MarkdownTasks.Parse(content, fileName),
            _ => new([], [new ConfigError(fileName, "unsupported task file: use a `.json` file (an array of tasks) or a `.md` checklist (`- [ ] title`).")]),
        };
    }
}
