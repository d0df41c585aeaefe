using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Baton.ModelServer.Wire;

/// <summary>
/// Collects a conversation in order (user messages, tool results) while a protocol reader walks a request body, and
/// builds the <see cref="ModelRequest"/> from it. Context blocks the CLIs inject as user text are not user prompts.
/// </summary>
internal sealed partial class ConversationBuilder
{
    private static readonly string[] NoisePrefixes =
    [
        "<system-reminder>", "<environment_context>", "<user_instructions>", "# AGENTS.md instructions", "<permissions instructions>",
        "<session_context>", "<INSTRUCTIONS>", "<skills_instructions>", "<collaboration_mode>", "<turn_aborted>",
        "This is the Gemini CLI. We are setting up the context",
    ];

    private readonly List<string> userTexts = [];
    private readonly List<OfferedTool> tools = [];
    private int position;
    private int lastUser = -1;
    private int lastToolResult = -1;
    private string? lastToolResultText;

    public void UserMessage(IEnumerable<string> texts)
    {
        var real = texts.Select(StripReminders).Where(t => !IsNoise(t)).ToList();
        if (real.Count > 0)
        {
            userTexts.Add(string.Join("\n", real));
            lastUser = ++position;
        }
    }

    public void ToolResult(string text)
    {
        lastToolResultText = StripReminders(text);
        lastToolResult = ++position;
    }

    public void Tool(OfferedTool tool) => tools.Add(tool);

    public ModelRequest Build(WireProtocol protocol, string model, JsonNode body, bool side, JsonNode? responseSchema = null)
    {
        var allText = JsonText.AllStrings(body, skipTopLevel: "tools");
        return new ModelRequest
        {
            Protocol = protocol,
            Model = model,
            UserTexts = userTexts.ToArray(),
            LastIsToolResult = lastToolResult > lastUser,
            LastToolResultText = lastToolResult > lastUser ? lastToolResultText : null,
            Tools = tools.ToArray(),
            IsSideRequest = side || tools.Count == 0,
            AllText = allText,
            WorkingDirectory = WorkingDirectory(allText),
            ResponseSchema = responseSchema,
        };
    }

    public static bool IsNoise(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.Length == 0 || NoisePrefixes.Any(p => trimmed.StartsWith(p, StringComparison.Ordinal));
    }

    // Claude appends <system-reminder> blocks to prompts and tool results alike.
    private static string StripReminders(string text) =>
        text.Contains("<system-reminder>", StringComparison.Ordinal) ? Reminder().Replace(text, "").Trim() : text;

    private static string? WorkingDirectory(string allText) =>
        Cwd().Match(allText) is { Success: true } match ? match.Groups[1].Value.TrimEnd('.', ',', ';') : null;

    [GeneratedRegex(@"(?:<cwd>|[Ww]orking directory:|working in the directory:|current working directory is|Workspace Directories:\*\*\s*-)\s*(/[^\s<""'`]*)")]
    private static partial Regex Cwd();

    [GeneratedRegex(@"<system-reminder>.*?</system-reminder>", RegexOptions.Singleline)]
    private static partial Regex Reminder();
}
