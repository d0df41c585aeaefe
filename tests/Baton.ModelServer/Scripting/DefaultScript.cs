using System.Globalization;
using System.Text.RegularExpressions;

namespace Baton.ModelServer.Scripting;

/// <summary>The keyword-driven script behind <see cref="ModelScript.Default"/>; decided from the request alone.</summary>
internal static partial class DefaultScript
{
    public const string DoneText = "Done. I ran the command and it succeeded.";
    public const string SideText = "Scripted helper answer";
    public const string DefaultCommand = "echo hi > out.txt";

    public static ModelReply Decide(ModelRequest request)
    {
        if (request.IsSideRequest)
        {
            return request.ResponseSchema is { } schema
                ? new ModelReply.Text(SchemaValues.Synthesise(schema).ToJsonString())
                : new ModelReply.Text(SideText);
        }

        if (request.LastIsToolResult)
        {
            return new ModelReply.Text(DoneText);
        }

        var prompt = Unquote(request.LastUserText);
        if (Fail().Match(prompt) is { Success: true } fail)
        {
            var status = int.Parse(fail.Groups[1].Value, CultureInfo.InvariantCulture);
            return new ModelReply.Error(status, $"scripted model server forced HTTP {status}");
        }

        if (HangWord().IsMatch(prompt))
        {
            return new ModelReply.Hang();
        }

        if (RunShell().Match(prompt) is { Success: true } shell)
        {
            var command = shell.Groups[1].Value.Trim();
            return new ModelReply.Shell(command.Length > 0 ? command : DefaultCommand);
        }

        if (WriteFile().Match(prompt) is { Success: true } write)
        {
            return new ModelReply.WriteFile(write.Groups[1].Value, write.Groups[2].Value.Trim());
        }

        var last = request.LastUserText.Trim();
        if (last.Length > 80)
        {
            last = last[..80];
        }

        return new ModelReply.Text($"Hello from the scripted model. user_msgs={request.UserMessageCount} last='{last}'");
    }

    // opencode wraps a single argv element that contains spaces in literal double quotes.
    private static string Unquote(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : trimmed;
    }

    [GeneratedRegex(@"\bFAIL_(401|429|500)\b")]
    private static partial Regex Fail();

    [GeneratedRegex(@"\bHANG\b")]
    private static partial Regex HangWord();

    [GeneratedRegex(@"\bRUN_SHELL\b(?::[ \t]*([^\r\n]*))?")]
    private static partial Regex RunShell();

    [GeneratedRegex(@"\bWRITE_FILE:[ \t]*(\S+)[ \t]*([^\r\n]*)")]
    private static partial Regex WriteFile();
}
