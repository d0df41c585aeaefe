using System.Text.Json.Nodes;

namespace Baton.ModelServer.Wire;

/// <summary>Maps a script's reply onto the tools the request actually offers; a tool that is not offered becomes text.</summary>
internal static class ReplyPlanner
{
    private static readonly string[] ShellTools = ["exec_command", "shell_command", "shell", "Bash", "bash", "run_shell_command"];
    private static readonly string[] WriteTools = ["Write", "write_file", "write"];
    private static readonly string[] PathProperties = ["file_path", "filePath", "path", "absolute_path"];
    private static readonly string[] ContentProperties = ["content", "contents", "text"];

    public static Outgoing Plan(ModelReply reply, ModelRequest request) => reply switch
    {
        ModelReply.Text text => new Outgoing.Text(text.Content, text.Reasoning),
        ModelReply.Error error => new Outgoing.Failure(error.Status, error.Message),
        ModelReply.Hang => new Outgoing.Hold(),
        ModelReply.Shell shell => (Outgoing?)PlanShell(shell.Command, request)
            ?? new Outgoing.Text($"The shell tool was not offered, so I did not run: {shell.Command}", null),
        ModelReply.WriteFile write => PlanWrite(write, request),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, "unknown reply"),
    };

    private static Outgoing.ToolCall? PlanShell(string command, ModelRequest request)
    {
        var tool = ShellTools.Select(name => request.Tools.FirstOrDefault(t => t.Name == name && !t.Freeform)).FirstOrDefault(t => t is not null);
        if (tool is null)
        {
            return null;
        }

        var property = tool.HasProperty("cmd") || !tool.HasProperty("command") && tool.Name == "exec_command" ? "cmd" : "command";
        var arguments = new JsonObject
        {
            [property] = tool.PropertyType(property) == "array" ? new JsonArray("bash", "-lc", command) : JsonValue.Create(command),
        };
        if (tool.HasProperty("description"))
        {
            arguments["description"] = $"Run {Shorten(command)}";
        }

        return new Outgoing.ToolCall(tool.Name, arguments);
    }

    private static Outgoing PlanWrite(ModelReply.WriteFile write, ModelRequest request)
    {
        foreach (var name in WriteTools)
        {
            var tool = request.Tools.FirstOrDefault(t => t.Name == name && !t.Freeform);
            var pathProperty = tool is null ? null : PathProperties.FirstOrDefault(tool.HasProperty);
            var contentProperty = tool is null ? null : ContentProperties.FirstOrDefault(tool.HasProperty);
            if (tool is not null && pathProperty is not null && contentProperty is not null)
            {
                var arguments = new JsonObject { [pathProperty] = Resolve(write.Path, request), [contentProperty] = write.Content };
                return new Outgoing.ToolCall(tool.Name, arguments);
            }
        }

        var patch = $"*** Begin Patch\n*** Add File: {write.Path}\n+{write.Content}\n*** End Patch\n";
        var applyPatch = request.Tools.FirstOrDefault(t => t.Name == "apply_patch");
        if (applyPatch is { Freeform: true })
        {
            return new Outgoing.CustomToolCall(applyPatch.Name, patch);
        }

        if (applyPatch is not null && applyPatch.HasProperty("input"))
        {
            return new Outgoing.ToolCall(applyPatch.Name, new JsonObject { ["input"] = patch });
        }

        var command = $"printf '%s\\n' {ShellQuote(write.Content)} > {ShellQuote(write.Path)}";
        return PlanShell(command, request)
            ?? (Outgoing)new Outgoing.Text($"No file-writing tool was offered, so I did not write {write.Path}", null);
    }

    // Claude's Write and opencode's write want absolute paths; the CLI tells the model its working directory.
    private static string Resolve(string path, ModelRequest request) =>
        Path.IsPathRooted(path) || request.WorkingDirectory is null ? path : Path.Combine(request.WorkingDirectory, path);

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Shorten(string command) => command.Length <= 60 ? command : command[..60] + "…";
}
