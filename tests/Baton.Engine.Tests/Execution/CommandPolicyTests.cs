using Baton.Core.Config;
using Baton.Engine.Execution;

namespace Baton.Engine.Tests.Execution;

public sealed class CommandPolicyTests
{
    private static readonly PolicyConfig Defaults = new();

    [Theory]
    [InlineData("rm -rf /", "rm -rf /")]
    [InlineData("rm   -rf    /", "rm -rf /")]
    [InlineData("sudo rm\t-rf\t/", "rm -rf /")]
    [InlineData("make clean &&\n  rm  -rf  /", "rm -rf /")]
    [InlineData("  mkfs.ext4 /dev/sda1", "mkfs")]
    [InlineData("rm -rf /*", "rm -rf /")]
    [InlineData("dd  if=/dev/zero of=/dev/sda", "dd if=")]
    [InlineData("dd \t if=/dev/zero of=/dev/sda", "dd if=")]
    public void A_blocked_pattern_is_found_despite_extra_whitespace(string command, string pattern)
    {
        var violation = CommandPolicy.Violation(command, Defaults);

        violation.ShouldNotBeNull();
        violation.ShouldContain($"`{pattern}`");
        violation.ShouldContain("policy.blocked_commands");
        violation.ShouldContain(command);
    }

    [Theory]
    [InlineData("dotnet test")]
    [InlineData("npm run build && npm test")]
    [InlineData("rm -rf build")]
    [InlineData("ls -la /")]
    [InlineData("git status")]
    [InlineData("rm -rf /tmp/scratch")]
    [InlineData("mkfsx --help")]
    [InlineData("")]
    public void A_clean_command_passes(string command)
    {
        CommandPolicy.Violation(command, Defaults).ShouldBeNull();
    }

    [Fact]
    public void Custom_patterns_replace_the_defaults()
    {
        var policy = new PolicyConfig { BlockedCommands = ["git push --force"] };

        CommandPolicy.Violation("git   push   --force origin main", policy).ShouldNotBeNull();
        CommandPolicy.Violation("rm -rf /", policy).ShouldBeNull();
    }

    [Fact]
    public void An_empty_block_list_lets_everything_through()
    {
        CommandPolicy.Violation("rm -rf /", new PolicyConfig { BlockedCommands = [] }).ShouldBeNull();
    }
}
