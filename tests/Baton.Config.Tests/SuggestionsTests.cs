using Baton.Core.Text;

namespace Baton.Config.Tests;

public class SuggestionsTests
{
    private static readonly string[] Keys = ["kind", "model", "command", "base_url", "api_key_env", "timeout"];

    [Theory]
    [InlineData("modle", "model")]
    [InlineData("comand", "command")]
    [InlineData("base-url", "base_url")]
    [InlineData("timout", "timeout")]
    [InlineData("Kind", "kind")]
    [InlineData("api_key_nev", "api_key_env")]
    public void A_typo_suggests_the_nearest_key(string typo, string expected)
    {
        Suggestions.Closest(typo, Keys).ShouldBe(expected);
    }

    [Theory]
    [InlineData("flavour")]
    [InlineData("x")]
    [InlineData("sandbox")]
    public void Nothing_is_suggested_when_nothing_is_close(string input)
    {
        Suggestions.Closest(input, Keys).ShouldBeNull();
        Suggestions.DidYouMean(input, Keys).ShouldBe("");
    }

    [Fact]
    public void A_swap_of_neighbours_counts_as_one_edit()
    {
        Suggestions.Distance("agnet", "agent").ShouldBe(1);
        Suggestions.Distance("", "abc").ShouldBe(3);
    }
}
