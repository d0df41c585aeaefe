using Baton.Core.Reviews;

namespace Baton.Engine.Tests.Oversight;

/// <summary>Reading a reviewer's verdict from the end of its answer: fenced or bare, and nothing else counts.</summary>
public sealed class VerdictParserTests
{
    [Theory]
    [InlineData("All good.\n```json\n{\"verdict\": \"approved\", \"summary\": \"ok\"}\n```", Verdict.Approved)]
    [InlineData("{\"verdict\":\"concerns\"}", Verdict.Concerns)]
    [InlineData("Text with {braces} first.\nThen: {\"verdict\": \"BLOCKER\", \"summary\": \"a } in \\\"text\\\"\"}", Verdict.Blocker)]
    [InlineData("```json\n{\"verdict\": \"approved\"}\n```\nOn second thought:\n```json\n{\"verdict\": \"blocker\"}\n```", Verdict.Blocker)]
    [InlineData("```\n{\"verdict\": \"concerns\", \"findings\": [{\"note\": \"x\"}]}\n```", Verdict.Concerns)]
    public void A_verdict_fenced_or_bare_is_found_the_last_one_winning(string answer, Verdict expected) =>
        VerdictParser.Parse(answer)!.Verdict.ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("I approve of this change.")]
    [InlineData("{\"verdict\": \"lgtm\"}")]
    [InlineData("{\"verdict\": true}")]
    [InlineData("```json\n{\"verdict\": \"approved\"\n```")]
    [InlineData("{\"summary\": \"no verdict key\"}")]
    public void Anything_else_is_no_verdict(string? answer) => VerdictParser.Parse(answer).ShouldBeNull();

    [Fact]
    public void Findings_keep_file_line_severity_and_note_and_skip_what_is_not_an_object()
    {
        var parsed = VerdictParser.Parse("""
            {"verdict": "concerns", "summary": "two things", "findings": [
              {"file": "a.cs", "line": 3, "severity": "high", "note": "null check"},
              "stray",
              {"message": "no file"}
            ]}
            """)!;

        parsed.Summary.ShouldBe("two things");
        parsed.Findings.ShouldBe([new ReviewFinding("a.cs", 3, "high", "null check"), new ReviewFinding(null, null, null, "no file")]);
    }

    [Fact]
    public void A_huge_answer_with_many_braces_is_read_from_its_tail_quickly()
    {
        var noise = string.Concat(Enumerable.Repeat("{ not json {{ ", 200_000));
        var answer = noise + "\n```json\n{\"verdict\": \"approved\"}\n```";
        var clock = System.Diagnostics.Stopwatch.StartNew();

        VerdictParser.Parse(answer)!.Verdict.ShouldBe(Verdict.Approved);
        VerdictParser.Parse(noise).ShouldBeNull();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "the parser must not be quadratic in the answer's length");
    }
}
