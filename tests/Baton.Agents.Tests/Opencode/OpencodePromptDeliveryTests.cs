using System.Text;
using Baton.Agents.Opencode;
using Baton.Agents.Tests.Support;
using Baton.Core.Config;

namespace Baton.Agents.Tests.Opencode;

/// <summary>
/// The prompt reaches opencode byte for byte on stdin. As message words it would not: opencode wraps a word holding a
/// space in literal quotes, and turns number-like words into numbers and then crashes on them ("G.includes is not a function").
/// </summary>
public class OpencodePromptDeliveryTests
{
    [Theory]
    [MemberData(nameof(PromptDelivery.Awkward), MemberType = typeof(PromptDelivery))]
    public async Task The_prompt_arrives_exactly_on_stdin_and_not_in_argv(string prompt)
    {
        var (stdin, args, _) = await PromptDelivery.RunAsync(p => new OpencodeAdapter(p), AgentKind.Opencode, prompt, writePromptFile: true);

        Encoding.UTF8.GetString(stdin).ShouldBe(prompt);
        args.ShouldBe(["run", "--format", "json"]);
    }
}
