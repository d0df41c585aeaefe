using Baton.Agents.Cli;
using Baton.Core.Agents;

namespace Baton.Agents.Tests;

public class FailureSignaturesTests
{
    [Theory]
    [InlineData("unexpected status 401 Unauthorized: invalid api key", AgentFailureKind.AuthFailed)]
    [InlineData("API Error: 429 Too Many Requests", AgentFailureKind.RateLimited)]
    [InlineData("Overloaded", AgentFailureKind.RateLimited)]
    [InlineData("We’re currently experiencing high demand", AgentFailureKind.RateLimited)]
    [InlineData("Not inside a trusted directory and --skip-git-repo-check was not specified.", AgentFailureKind.UntrustedDirectory)]
    [InlineData("No conversation found with session ID: 123", AgentFailureKind.StaleSession)]
    [InlineData("path /etc/passwd is outside the workspace", AgentFailureKind.PathOutsideWorkspace)]
    [InlineData("segfault", AgentFailureKind.Unknown)]
    [InlineData("", AgentFailureKind.Unknown)]
    public void Classifies_known_signatures(string text, AgentFailureKind expected) =>
        FailureSignatures.Classify(text).ShouldBe(expected);
}
