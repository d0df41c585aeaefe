using Baton.Core.Text;

namespace Baton.Config.Tests;

public class DurationsTests
{
    [Theory]
    [InlineData("500ms", 0, 0, 0, 500)]
    [InlineData("20s", 0, 0, 20, 0)]
    [InlineData("30m", 0, 30, 0, 0)]
    [InlineData("1h", 1, 0, 0, 0)]
    [InlineData("1h30m", 1, 30, 0, 0)]
    [InlineData("2d", 48, 0, 0, 0)]
    [InlineData("45", 0, 0, 45, 0)]
    [InlineData("0", 0, 0, 0, 0)]
    [InlineData(" 1m30s ", 0, 1, 30, 0)]
    [InlineData("1H", 1, 0, 0, 0)]
    public void Readable_durations_parse(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        Durations.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(new TimeSpan(0, hours, minutes, seconds, milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("abc")]
    [InlineData("20x")]
    [InlineData("-5s")]
    [InlineData("1.5h")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("1h30")]
    [InlineData("h")]
    [InlineData("99999999999999999999d")]
    [InlineData("10675200d")]
    public void Anything_else_is_refused(string? text)
    {
        Durations.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(5400_000, "1h30m")]
    [InlineData(20_000, "20s")]
    [InlineData(250, "250ms")]
    [InlineData(0, "0s")]
    [InlineData(172_800_000, "2d")]
    [InlineData(90_061_001, "1d1h1m1s1ms")]
    [InlineData(-20_000, "-20s")]
    public void Format_writes_the_shortest_form(long milliseconds, string expected)
    {
        Durations.Format(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("1h30m")]
    [InlineData("2d3h4m5s6ms")]
    [InlineData("250ms")]
    public void Format_reads_back_as_the_same_value(string text)
    {
        Durations.TryParse(text, out var value).ShouldBeTrue();
        Durations.Format(value).ShouldBe(text);
    }
}
