using Baton.Core.Events.Data;

namespace Baton.Agents.Common;

/// <summary>Builders for the event data that every stream parser shares (docs/agents.md).</summary>
internal static class AgentData
{
    public const int MaxOutputChars = 8000;

    public static EventData Raw(string line, string reason) => new AgentRawData { Line = line, Reason = reason };

    public static EventData Message(string text) => new AgentMessageData { Text = text };

    public static EventData Reasoning(string text) => new AgentReasoningData { Text = text };

    public static EventData Warning(string message) => new AgentErrorData { Message = message };

    public static EventData FileChange(string path, string kind) => new AgentFileChangeData { Path = path, Kind = kind };

    /// <summary>The output to keep (its end, when longer than the limit: that is where errors and summaries are), and whether it was cut.</summary>
    public static (string? Output, bool? Truncated) Clip(string? output)
    {
        if (output is null || output.Length <= MaxOutputChars)
        {
            return (output, null);
        }

        var start = output.Length - (MaxOutputChars - 1);
        if (char.IsLowSurrogate(output[start]))
        {
            start++;
        }

        return ("…" + output[start..], true);
    }

    /// <summary>A path relative to the workspace when it lies inside it, else as given.</summary>
    public static string WorkspacePath(string path, string workspace)
    {
        if (!Path.IsPathRooted(path) || workspace.Length == 0)
        {
            return path;
        }

        var root = Path.TrimEndingDirectorySeparator(workspace);
        return path.StartsWith(root + "/", StringComparison.Ordinal) ? path[(root.Length + 1)..] : path;
    }
}
