namespace Baton.Agents.Gemini;

/// <summary>Gemini CLI's built-in tool names (0.61) that Baton reports as more than a generic tool call.</summary>
internal static class GeminiTools
{
    public enum Kind
    {
        Other,
        Shell,
        File,
    }

    public static Kind KindOf(string name) => name switch
    {
        "run_shell_command" => Kind.Shell,
        "write_file" or "replace" or "edit" => Kind.File,
        _ => Kind.Other,
    };
}
