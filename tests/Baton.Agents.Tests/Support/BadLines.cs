namespace Baton.Agents.Tests.Support;

/// <summary>Lines no CLI stream parser can read as an event, with the <c>agent.raw</c> reason each must carry.</summary>
public static class BadLines
{
    // JSON punctuation, an escape, a letter, a space, a non-ASCII letter and half a surrogate pair.
    private const string Damage = "{}[]\",:\\0a \u00e9\ud83d";

    public static TheoryData<string, string> Generic() => new()
    {
        { "plain text from a wrapper script", "not_json" },
        { """{"type":"init","session_id":"abc""", "not_json" },
        { """{"type":"result" "status":"success"}""", "not_json" },
        { """{"type":"init","type":"init"}""", "not_json" },
        { new string('[', 300) + new string(']', 300), "not_json" },
        { "[1,2,3]", "not_object" },
        { "42", "not_object" },
        { "\"a string\"", "not_object" },
        { "null", "not_object" },
        { "{}", "missing_type" },
        { """{"type":5}""", "missing_type" },
        { """{"type":null}""", "missing_type" },
        { """{"type":"from_a_future_version","x":1}""", "unknown_type" },
    };

    /// <summary>A line over the parsers' 1 MB limit: a valid JSON object of the given type whose one field is huge.</summary>
    public static string Enormous(string prefix, string suffix) => prefix + new string('x', 1024 * 1024 + 10) + suffix;

    /// <summary>Deterministic damage to real lines: cut at every few characters, and a byte flipped here and there.</summary>
    public static IEnumerable<string> Damaged(IEnumerable<string> lines, int seed)
    {
        var random = new Random(seed);
        foreach (var line in lines)
        {
            for (var cut = 0; cut < line.Length; cut += 1 + random.Next(7))
            {
                yield return line[..cut];
            }

            var chars = line.ToCharArray();
            for (var i = 0; i < 20 && chars.Length > 0; i++)
            {
                chars[random.Next(chars.Length)] = Damage[random.Next(Damage.Length)];
                yield return new string(chars);
            }
        }
    }
}
