using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Matrix.Outbox;

namespace Baton.Matrix.Bridge;

/// <summary>
/// Message contents the bridge sends: notices (never answered by other bots), HTML-escaped formatting, thread replies,
/// edits and reactions. Long text is cut so every event stays well under Matrix's 64 KiB limit.
/// </summary>
public static partial class ChatContent
{
    /// <summary>Characters of plain text per event: at most 24 KB of UTF-8 even when every character is escaped or wide.</summary>
    public const int MaxText = 8_000;

    /// <summary>Above this many bytes the HTML copy is left out (the plain body always fits).</summary>
    private const int MaxEventBytes = 56_000;

    public static JsonObject Notice(string text, string? html = null)
    {
        text = Clean(text);
        var content = new JsonObject { ["msgtype"] = "m.notice", ["body"] = text };
        var formatted = html ?? Escape(text).Replace("\n", "<br>", StringComparison.Ordinal);
        if (Encoding.UTF8.GetByteCount(text) + Encoding.UTF8.GetByteCount(formatted) < MaxEventBytes)
        {
            content["format"] = "org.matrix.custom.html";
            content["formatted_body"] = formatted;
        }

        return content;
    }

    /// <summary>Terminal colour codes and other control characters (bar newlines and tabs) mean nothing in a chat.</summary>
    public static string Clean(string text)
    {
        var noAnsi = AnsiEscape().Replace(text, "");
        return noAnsi.Any(c => char.IsControl(c) && c is not '\n' and not '\t')
            ? new string(noAnsi.Where(c => !char.IsControl(c) || c is '\n' or '\t').ToArray())
            : noAnsi;
    }

    [GeneratedRegex(@"\x1B(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1B]*(\x07|\x1B\\)?|[@-Z\\-_])")]
    private static partial Regex AnsiEscape();

    /// <summary>A notice in the thread of <paramref name="rootTxn"/> (falls back to a reply for clients without threads).</summary>
    public static JsonObject InThread(JsonObject content, string rootTxn)
    {
        content["m.relates_to"] = new JsonObject
        {
            ["rel_type"] = "m.thread",
            ["event_id"] = TxnRefs.To(rootTxn),
            ["is_falling_back"] = true,
            ["m.in_reply_to"] = new JsonObject { ["event_id"] = TxnRefs.To(rootTxn) },
        };
        return content;
    }

    /// <summary>A thread reply to an event that is already known by id (a person's lobby message).</summary>
    public static JsonObject InThreadOf(JsonObject content, string rootEventId)
    {
        content["m.relates_to"] = new JsonObject
        {
            ["rel_type"] = "m.thread",
            ["event_id"] = rootEventId,
            ["is_falling_back"] = true,
            ["m.in_reply_to"] = new JsonObject { ["event_id"] = rootEventId },
        };
        return content;
    }

    /// <summary>Replaces the content of the message queued as <paramref name="targetTxn"/>.</summary>
    public static JsonObject Edit(string targetTxn, JsonObject newContent)
    {
        var edit = (JsonObject)newContent.DeepClone();
        edit["body"] = "* " + newContent["body"]!.GetValue<string>();
        if (newContent["formatted_body"] is { } html)
        {
            edit["formatted_body"] = "* " + html.GetValue<string>();
        }

        edit["m.new_content"] = newContent;
        edit["m.relates_to"] = new JsonObject { ["rel_type"] = "m.replace", ["event_id"] = TxnRefs.To(targetTxn) };
        return edit;
    }

    /// <summary>A message people are notified of: <paramref name="text"/> addressed to <paramref name="mentions"/> (intentional mentions and pills).</summary>
    public static JsonObject Mention(string text, IReadOnlyList<string> mentions)
    {
        text = Clean(text);
        var pills = string.Join(" ", mentions.Select(m => $"<a href=\"https://matrix.to/#/{Escape(m)}\">{Escape(m)}</a>"));
        return new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = mentions.Count == 0 ? text : $"{string.Join(" ", mentions)}: {text}",
            ["format"] = "org.matrix.custom.html",
            ["formatted_body"] = (mentions.Count == 0 ? "" : pills + ": ") + Escape(text).Replace("\n", "<br>", StringComparison.Ordinal),
            ["m.mentions"] = new JsonObject { ["user_ids"] = new JsonArray([.. mentions.Select(m => (JsonNode)m)]) },
        };
    }

    public static JsonObject Reaction(string targetTxn, string key) => new()
    {
        ["m.relates_to"] = new JsonObject { ["rel_type"] = "m.annotation", ["event_id"] = TxnRefs.To(targetTxn), ["key"] = key },
    };

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Text as a code block.</summary>
    public static string Pre(string text) => "<pre><code>" + Escape(text) + "</code></pre>";

    /// <summary>Splits text into pieces of at most <see cref="MaxText"/> characters, at line ends where it can.</summary>
    public static IReadOnlyList<string> Split(string text, int max = MaxText)
    {
        if (text.Length <= max)
        {
            return [text];
        }

        var parts = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > max)
        {
            var cut = rest[..max].LastIndexOf('\n');
            cut = cut < max / 2 ? max : cut + 1;
            parts.Add(rest[..cut].ToString());
            rest = rest[cut..];
        }

        if (rest.Length > 0)
        {
            parts.Add(rest.ToString());
        }

        return parts;
    }

    /// <summary>The first line of text, shortened for a one-line summary.</summary>
    public static string Line(string text, int max = 200)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= max ? line : string.Concat(line.AsSpan(0, max - 1), "…");
    }

    public static string Join(IEnumerable<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString().TrimEnd('\n');
    }
}
