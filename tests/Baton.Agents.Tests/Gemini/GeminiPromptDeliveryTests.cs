using System.Text;
using Baton.Agents.Gemini;
using Baton.Agents.Tests.Support;
using Baton.Core.Config;

namespace Baton.Agents.Tests.Gemini;

/// <summary>The prompt reaches Gemini byte for byte on stdin, and never in argv.</summary>
public class GeminiPromptDeliveryTests
{
    [Theory]
    [MemberData(nameof(PromptDelivery.Awkward), MemberType = typeof(PromptDelivery))]
    public async Task The_prompt_arrives_exactly_on_stdin_and_not_in_argv(string prompt)
    {
        var (stdin, args, _) = await PromptDelivery.RunAsync(p => new GeminiAdapter(p), AgentKind.Gemini, prompt, writePromptFile: true);

        Encoding.UTF8.GetString(stdin).ShouldBe(prompt);
        args.ShouldBe(["-o", "stream-json", "--skip-trust", "--approval-mode", "yolo"]);
    }

    [Fact]
    public async Task A_turn_without_a_written_prompt_file_writes_it_from_the_turn()
    {
        var (stdin, _, result) = await PromptDelivery.RunAsync(p => new GeminiAdapter(p), AgentKind.Gemini, "from the turn\n", writePromptFile: false);

        Encoding.UTF8.GetString(stdin).ShouldBe("from the turn\n");
        result.Succeeded.ShouldBeFalse("the stand-in printed no result record");
    }
}
