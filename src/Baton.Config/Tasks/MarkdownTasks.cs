using System.Text.RegularExpressions;
using Baton.Core.Config;
using Baton.Core.Tasks;

namespace Baton.Config.Tasks;

/// <summary>
/// A Markdown checklist (<c>docs/TASKS.md</c>): each <c>- [ ] title</c> is a task, <c>- [x]</c> one that is done,
/// and the text indented under an item is its prompt. Checklists inside code fences are examples, not tasks.
/// </summary>
internal static partial class MarkdownTasks
{
    public static TaskFileResult Parse(string content, string fileName)
    {
        var lines = content.ReplaceLineEndings("\n").Split('\n');
        var tasks = new List<TaskDraft>();
        var errors = new List<ConfigError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        Item? item = null;
        var fence = false;
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (item is not null)
            {
                if (IsBlank(line) || (Indent(line) > item.Indent && (item.InFence || !IsItem(line))))
                {
                    item.Body.Add(line);
                    item.InFence ^= !IsBlank(line) && IsFence(line);
                    continue;
                }

                Finish(item, fileName, tasks, errors, seen);
                item = null;
            }

            if (IsFence(line))
            {
                fence = !fence;
                continue;
            }

            if (fence)
            {
                continue;
            }

            if (Checklist().Match(line) is { Success: true } match)
            {
                var title = match.Groups["title"].Value.Trim();
                if (title.Length == 0)
                {
                    errors.Add(new($"{fileName}:{n + 1}", "an empty checklist item: write what should be done after `[ ]`."));
                    continue;
                }

                item = new Item(n + 1, Indent(line), title, match.Groups["mark"].Value != " ");
            }
        }

        if (item is not null)
        {
            Finish(item, fileName, tasks, errors, seen);
        }

        return new(tasks, errors);
    }

    private static void Finish(Item item, string fileName, List<TaskDraft> tasks, List<ConfigError> errors, Dictionary<string, int> seen)
    {
        var key = TaskKeys.Markdown(item.Title);
        if (!seen.TryAdd(key, item.Line))
        {
            errors.Add(new($"{fileName}:{item.Line}", $"the same task as line {seen[key]}: items are known by their title, so make the titles differ."));
            return;
        }

        var body = Dedent(item.Body);
        tasks.Add(new TaskDraft { ExternalKey = key, Title = item.Title, Prompt = body.Length > 0 ? body : item.Title, Done = item.Done });
    }

    private static string Dedent(List<string> body)
    {
        var text = body.Where(l => !IsBlank(l)).ToList();
        if (text.Count == 0)
        {
            return "";
        }

        var margin = text.Min(Indent);
        var lines = body.Select(l => IsBlank(l) ? "" : Strip(l, margin).TrimEnd());
        return string.Join('\n', lines).Trim('\n');
    }

    /// <summary>Removes <paramref name="columns"/> columns of leading whitespace, a tab counting as four.</summary>
    private static string Strip(string line, int columns)
    {
        var column = 0;
        var i = 0;
        while (i < line.Length && column < columns && line[i] is ' ' or '\t')
        {
            column += line[i] == '\t' ? 4 : 1;
            i++;
        }

        return line[i..];
    }

    private static int Indent(string line)
    {
        var column = 0;
        foreach (var c in line)
        {
            if (c is not (' ' or '\t'))
            {
                break;
            }

            column += c == '\t' ? 4 : 1;
        }

        return column;
    }

    private static bool IsBlank(string line) => line.Trim().Length == 0;

    private static bool IsItem(string line) => Checklist().IsMatch(line);

    private static bool IsFence(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[ \t]*[-*+][ \t]+\[(?<mark>[ xX])\](?:[ \t]+(?<title>.*))?$")]
    private static partial Regex Checklist();

    private sealed class Item(int line, int indent, string title, bool done)
    {
        public int Line => line;

        public int Indent => indent;

        public string Title => title;

        public bool Done => done;

        public List<string> Body { get; } = [];

        /// <summary>Inside a code fence that belongs to the item's text, where checklist lines are text too.</summary>
        public bool InFence { get; set; }
    }
}
