using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Core.Config;

namespace Baton.Agents.Opencode;

/// <summary>
/// The command policy as opencode's <c>permission.bash</c> rules: everything allowed, then a deny for each pattern of
/// <c>policy.blocked_commands</c> and <c>policy.confirm_commands</c> (<c>opencode run</c> cannot ask a person).
/// opencode checks each command of a shell line (split by its bash parser: a pipe, <c>&amp;&amp;</c> or <c>;</c> ends
/// one) against its rules before running any, the last rule that matches winning; a rule's glob matches the whole
/// command, <c>*</c> standing for anything and <c>?</c> for any one character. So a pattern is <c>*</c>, its pieces
/// joined by <c>*</c>, then <c>*</c> — except that a glob cannot say "no word character follows" (Baton's
/// <c>rm -rf /</c> is not <c>rm -rf /tmp</c>): such a pattern is written with each ending a glob can say (the end of
/// the command, a space, a dot, a quote…). The rules thus refuse nothing Baton allows (but for a <c>?</c> in a pattern,
/// any character to opencode); what they miss — <c>rm -rf /*</c>, a pattern across two commands — Baton still sees
/// after the fact.
/// </summary>
public static class OpencodeBashRules
{
    /// <summary>What may follow a pattern that must end where a word ends: nothing, or one of these and anything.</summary>
    private static readonly string[] Endings = ["", " *", ".*", "=*", ",*", ":*", ";*", "&*", "|*", ")*", "\"*", "'*", ">*", "<*"];

    /// <summary>The rules, in the order opencode reads them; null when the policy refuses nothing.</summary>
    public static JsonObject? For(CommandRules rules)
    {
        var bash = new JsonObject { ["*"] = "allow" };
        foreach (var (pattern, _) in rules.Refused)
        {
            foreach (var glob in Globs(pattern))
            {
                bash[glob] = "deny";
            }
        }

        return bash.Count == 1 ? null : bash;
    }

    public static IEnumerable<string> Globs(string pattern)
    {
        var body = "*" + string.Join('*', CommandPattern.Pieces(pattern));
        return CommandPattern.NeedsWordEnd(pattern) ? Endings.Select(e => body + e) : [body + "*"];
    }
}
