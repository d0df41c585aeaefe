using System.Globalization;
using System.Text;
using Baton.Core.Config;

namespace Baton.Agents.Gemini;

/// <summary>
/// A command policy pattern as a Gemini policy rule's <c>commandRegex</c>, matching what Baton's own matcher matches
/// (<see cref="CommandPattern"/>). Gemini tests the regex against the tool call's arguments as JSON, right after
/// <c>"command":"</c>, so the regex first walks the JSON string (its escapes whole, never past its closing quote) to
/// the pattern anywhere in the command; a space in the pattern is any run of spaces, tabs and newlines (Baton reads
/// every such run as one space); a pattern that must end where a word ends is followed by no word character.
/// Gemini drops a rule whose regex looks like a ReDoS risk (a quantifier inside a quantified group), so no character
/// of the pattern is written as a bracket or a quantifier: those are <c>\xNN</c>.
/// </summary>
public static class GeminiCommandRegex
{
    /// <summary>Any run of the JSON string's characters.</summary>
    private const string AnyText = """([^"\\]|\\.)*""";

    /// <summary>A run of whitespace as it appears in JSON: spaces, and the escapes of tab, newline and carriage return.</summary>
    private const string Whitespace = """( |\\[tnr])+""";

    /// <summary>
    /// No word character follows (<see cref="CommandPattern.IsWordChar"/>). Every non-ASCII character counts as one, so
    /// the rule never refuses what Baton allows; Baton still checks after the fact what it leaves. Last in the regex:
    /// Gemini's ReDoS check would read a group after it as a quantified group.
    /// </summary>
    private const string NoWordAfter = """(?![A-Za-z0-9/_\u0080-\uffff-])""";

    public static string For(string pattern)
    {
        var regex = new StringBuilder(AnyText);
        var pieces = CommandPattern.Pieces(pattern);
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i > 0)
            {
                regex.Append(AnyText);
            }

            AppendText(regex, pieces[i]);
        }

        if (CommandPattern.NeedsWordEnd(pattern))
        {
            regex.Append(NoWordAfter);
        }

        return regex.ToString();
    }

    /// <summary>The text as JSON writes it in a string, each character then as a regex literal.</summary>
    private static void AppendText(StringBuilder regex, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                while (i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]))
                {
                    i++;
                }

                regex.Append(Whitespace);
                continue;
            }

            foreach (var c in Json(text[i]))
            {
                regex.Append(Literal(c));
            }
        }
    }

    /// <summary>A character as JavaScript's <c>JSON.stringify</c> writes it inside a string.</summary>
    private static string Json(char c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\b' => "\\b",
        '\f' => "\\f",
        < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
        _ => c.ToString(),
    };

    private static string Literal(char c) => c is '\\' or '^' or '$' or '.' or '|' or '?' or '*' or '+' or '(' or ')' or '[' or ']' or '{' or '}' or '\''
        ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture)
        : c.ToString();
}
