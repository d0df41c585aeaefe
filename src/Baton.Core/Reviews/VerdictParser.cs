using System.Text.Json;

namespace Baton.Core.Reviews;

/// <summary>
/// Finds a reviewer's verdict object at the end of its answer: the last fenced <c>json</c> block, or else the last bare
/// JSON object, that has a <c>verdict</c> of <c>approved</c>, <c>concerns</c> or <c>blocker</c>. Anything else is no
/// verdict (null), and the reviewer is asked again.
/// </summary>
public static class VerdictParser
{
    private const int MaxTail = 16 * 1024;
    private const int MaxBareTries = 20;

    public sealed record Parsed(Verdict Verdict, string? Summary, IReadOnlyList<ReviewFinding> Findings);

    public static Parsed? Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return null;
        }

        // The verdict ends the answer: only its tail is searched, so a long answer costs no more than a short one.
        var tail = answer.Length > MaxTail ? answer[^MaxTail..] : answer;
        foreach (var candidate in Enumerable.Reverse(FencedBlocks(tail)).Concat(BareObjects(tail).Take(MaxBareTries)))
        {
            if (TryRead(candidate) is { } parsed)
            {
                return parsed;
            }
        }

        return null;
    }

    private static List<string> FencedBlocks(string text)
    {
        var blocks = new List<string>();
        var at = 0;
        while ((at = text.IndexOf("```", at, StringComparison.Ordinal)) >= 0)
        {
            var bodyStart = text.IndexOf('\n', at);
            if (bodyStart < 0)
            {
                break;
            }

            var end = text.IndexOf("```", bodyStart, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            blocks.Add(text[(bodyStart + 1)..end]);
            at = end + 3;
        }

        return blocks;
    }

    /// <summary>Balanced <c>{…}</c> spans found in one pass (string literals respected), the one ending last first.</summary>
    private static IEnumerable<string> BareObjects(string text)
    {
        var spans = new List<(int Open, int Close)>();
        var opens = new Stack<int>();
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"' && opens.Count > 0)
            {
                inString = true;
            }
            else if (c == '{')
            {
                opens.Push(i);
            }
            else if (c == '}' && opens.Count > 0)
            {
                spans.Add((opens.Pop(), i));
            }
        }

        return spans.OrderByDescending(s => s.Close).Select(s => text[s.Open..(s.Close + 1)]);
    }

    private static Parsed? TryRead(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("verdict", out var v) || v.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            Verdict? verdict = v.GetString()?.Trim().ToLowerInvariant() switch
            {
                "approved" => Verdict.Approved,
                "concerns" => Verdict.Concerns,
                "blocker" => Verdict.Blocker,
                _ => null,
            };
            if (verdict is null)
            {
                return null;
            }

            var summary = root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return new Parsed(verdict.Value, summary, Findings(root));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<ReviewFinding> Findings(JsonElement root)
    {
        var findings = new List<ReviewFinding>();
        if (!root.TryGetProperty("findings", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return findings;
        }

        foreach (var f in list.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.Object))
        {
            var note = Text(f, "note") ?? Text(f, "message") ?? "";
            int? line = f.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var n) ? n : null;
            findings.Add(new ReviewFinding(Text(f, "file"), line, Text(f, "severity"), note));
        }

        return findings;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
