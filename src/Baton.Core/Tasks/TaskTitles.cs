namespace Baton.Core.Tasks;

public static class TaskTitles
{
    /// <summary>The prompt's first line, shortened; or a title for a prompt-less pipeline run.</summary>
    public static string FromPrompt(string prompt, string? pipeline)
    {
        var first = prompt.Split('\n', 2)[0].Trim();
        if (first.Length == 0)
        {
            return $"pipeline {pipeline ?? "default"}";
        }

        return first.Length > 80 ? first[..77] + "..." : first;
    }
}
