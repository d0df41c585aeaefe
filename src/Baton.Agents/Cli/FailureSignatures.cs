using System.Text.RegularExpressions;
using Baton.Core.Agents;

namespace Baton.Agents.Cli;

/// <summary>Known failure signatures in what the CLIs print, mapped to <see cref="AgentFailureKind"/>.</summary>
public static partial class FailureSignatures
{
    public static AgentFailureKind Classify(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return AgentFailureKind.Unknown;
        }

        if (Auth().IsMatch(text))
        {
            return AgentFailureKind.AuthFailed;
        }

        if (RateLimit().IsMatch(text))
        {
            return AgentFailureKind.RateLimited;
        }

        if (Untrusted().IsMatch(text))
        {
            return AgentFailureKind.UntrustedDirectory;
        }

        if (OutsideWorkspace().IsMatch(text))
        {
            return AgentFailureKind.PathOutsideWorkspace;
        }

        return StaleSession().IsMatch(text) ? AgentFailureKind.StaleSession : AgentFailureKind.Unknown;
    }

    [GeneratedRegex(@"\b401\b|\b403\b|unauthori[sz]ed|authentication[_ ]failed|invalid[ _-]?(x-)?api[ _-]?key|invalid auth|incorrect api key|permission denied by the api", RegexOptions.IgnoreCase)]
    private static partial Regex Auth();

    [GeneratedRegex(@"\b429\b|\b529\b|\b503\b|rate[ _-]?limit|too many requests|overloaded|high demand|resource[_ ]exhausted|quota", RegexOptions.IgnoreCase)]
    private static partial Regex RateLimit();

    [GeneratedRegex(@"not a trusted|untrusted (folder|directory|workspace)|trust this (folder|directory)|not inside a trusted directory|skip-git-repo-check", RegexOptions.IgnoreCase)]
    private static partial Regex Untrusted();

    [GeneratedRegex(@"outside (of )?(the )?(workspace|working director|allowed director|project)|path .* is not (within|in) ", RegexOptions.IgnoreCase)]
    private static partial Regex OutsideWorkspace();

    [GeneratedRegex(@"(no|could not find|unable to find|cannot find|failed to find)( a| the)? (conversation|session|thread|rollout)|session .*not found|thread .*not found|no rollout found|invalid session", RegexOptions.IgnoreCase)]
    private static partial Regex StaleSession();
}
