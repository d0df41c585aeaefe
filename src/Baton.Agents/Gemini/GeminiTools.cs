using System.Globalization;
using System.Text.RegularExpressions;

namespace Baton.Agents.Gemini;

/// <summary>Gemini CLI's built-in tool names (0.61) that Baton reports as more than a generic tool call.</summary>
internal static partial class GeminiTools
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

    /// <summary>
    /// The exit code of a shell command, as far as the stream shows it. Gemini reports a command that exits non-zero as
    /// a success and its <c>output</c> is only what the command printed, except: no output at all means exit code 0
    /// (it has no signal, error or exit-code message), and a silent failure reads "Command exited with code: N".
    /// A command that printed something has an unknown exit code (null).
    /// </summary>
    public static int? ExitCodeOf(string? output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            return 0;
        }

        return ExitedWith().Match(output) is { Success: true } m
            && int.TryParse(m.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
            ? code
            : null;
    }

    [GeneratedRegex(@"^Command exited with code: (-?\d+)$")]
    private static partial Regex ExitedWith();
}
