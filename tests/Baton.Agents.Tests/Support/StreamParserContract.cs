using Baton.Agents.Cli;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Testing;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// What every stream parser must do with any input: never throw, keep what it cannot read as <c>agent.raw</c> (the line
/// whole, with a reason), and drop nothing it can. Each CLI's parser tests derive from this with its recorded streams.
/// </summary>
public abstract class StreamParserContract
{
    protected abstract string Cli { get; }

    protected abstract IAgentStreamParser CreateParser();

    /// <summary>A line of the CLI's own stream that carries content (for truncation and size tests).</summary>
    protected abstract string SampleLine { get; }

    public static TheoryData<string, string> Garbage => new()
    {
        { "not json at all", "not_json" },
        { "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1", "not_json" },
        { "[1,2,3]", "not_object" },
        { "\"just a string\"", "not_object" },
        { "42", "not_object" },
        { "null", "not_object" },
        { "{\"a\":1,\"a\":2}", "not_json" },
        { "{\"no_type\":true}", "missing_type" },
        { "{\"type\":42}", "missing_type" },
        { "{\"type\":\"something.new\",\"x\":1}", "unknown_type" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void A_line_it_cannot_read_is_kept_whole_as_raw_with_the_reason(string line, string reason)
    {
        var parsed = ParsedStream.Of(CreateParser(), [line]);

        parsed.Events.Count.ShouldBe(1);
        parsed.Events[0].Type.ShouldBe(EventType.AgentRaw);
        parsed.Events[0].Fields()["line"]!.GetValue<string>().ShouldBe(line);
        parsed.Events[0].Fields()["reason"]!.GetValue<string>().ShouldBe(reason);
    }

    [Fact]
    public void An_enormous_line_is_raw_and_kept_whole()
    {
        var line = SampleLine.Replace("\"}", new string('x', 1_100_000) + "\"}", StringComparison.Ordinal);

        var parsed = ParsedStream.Of(CreateParser(), [line]);

        parsed.RawReasons.ShouldBe(["too_large"]);
        parsed.Of(EventType.AgentRaw)[0]["line"]!.GetValue<string>().Length.ShouldBe(line.Length);
    }

    [Fact]
    public void Every_truncation_of_a_line_is_read_or_kept_raw_and_never_throws()
    {
        for (var cut = 1; cut < SampleLine.Length; cut++)
        {
            var line = SampleLine[..cut];
            var parsed = ParsedStream.Of(CreateParser(), [line]);
            if (!string.IsNullOrWhiteSpace(line))
            {
                parsed.Events.ShouldNotBeEmpty($"cut at {cut}");
            }
        }
    }

    [Fact]
    public void Fields_of_the_wrong_type_do_not_throw()
    {
        foreach (var line in StreamFixture.Names(Cli).SelectMany(n => StreamFixture.Lines(Cli, n)))
        {
            // Every string value becomes a number, every number a string: nothing may escape the parser.
            var mangled = System.Text.RegularExpressions.Regex.Replace(line, "\":(\"[^\"]*\"|[0-9.]+|true|false|null)", m =>
                m.Groups[1].Value.StartsWith('"') ? "\":7" : "\":\"7\"");
            Should.NotThrow(() => ParsedStream.Of(CreateParser(), [mangled]));
        }
    }

    [Fact]
    public void Recorded_streams_have_no_line_it_does_not_understand()
    {
        foreach (var name in StreamFixture.Names(Cli))
        {
            ParsedStream.Of(CreateParser(), StreamFixture.Lines(Cli, name)).RawReasons.ShouldBeEmpty(name);
        }
    }

    [Fact]
    public void Garbage_interleaved_with_a_recorded_stream_changes_nothing_but_adds_one_raw_per_garbage_line()
    {
        foreach (var name in StreamFixture.Names(Cli))
        {
            var lines = StreamFixture.Lines(Cli, name);
            var noisy = lines.SelectMany((l, i) => new[] { l, $"garbage {i} {{" }).Append("{\"type\":").ToArray();

            var clean = ParsedStream.Of(CreateParser(), lines);
            var withNoise = ParsedStream.Of(CreateParser(), noisy);

            withNoise.Events.Where(e => e.Type != EventType.AgentRaw).Select(Describe)
                .ShouldBe(clean.Events.Where(e => e.Type != EventType.AgentRaw).Select(Describe), name);
            var cleanRaw = clean.Of(EventType.AgentRaw).Select(d => d["line"]!.GetValue<string>()).ToHashSet();
            withNoise.Of(EventType.AgentRaw).Select(d => d["line"]!.GetValue<string>())
                .ShouldBe(noisy.Where(l => l.StartsWith("garbage", StringComparison.Ordinal) || l == "{\"type\":" || cleanRaw.Contains(l)), name);
            withNoise.Parser.Verdict.ShouldBe(clean.Parser.Verdict, name);
            withNoise.Parser.SessionId.ShouldBe(clean.Parser.SessionId, name);
        }
    }

    [Fact]
    public void Blank_lines_carry_nothing()
    {
        ParsedStream.Of(CreateParser(), ["", "   "]).Events.ShouldBeEmpty();
    }

    private static string Describe(EventData e) => e.Type.Name() + " " + e.Fields().ToJsonString();
}
