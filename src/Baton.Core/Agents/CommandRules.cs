using Baton.Core.Config;

namespace Baton.Core.Agents;

/// <summary>
/// The command policy's patterns for an adapter to write into its CLI's own rules, where the CLI has rules that refuse
/// a command before it runs (<see cref="AgentConfig.KeepsCommandRules"/>). Such a CLI cannot ask a person, so a
/// command to confirm is refused like a blocked one. Baton still checks every command the CLI reports.
/// </summary>
public sealed record CommandRules
{
    public static readonly CommandRules None = new();

    /// <summary><c>policy.blocked_commands</c>.</summary>
    public IReadOnlyList<string> Blocked { get; init; } = [];

    /// <summary><c>policy.confirm_commands</c>.</summary>
    public IReadOnlyList<string> Confirm { get; init; } = [];

    /// <summary>Every pattern that says something, and whether it is one to confirm; blank patterns match nothing.</summary>
    public IEnumerable<(string Pattern, bool Confirm)> Refused =>
        Blocked.Select(p => (Pattern: p, Confirm: false))
            .Concat(Confirm.Select(p => (Pattern: p, Confirm: true)))
            .Where(r => !string.IsNullOrWhiteSpace(r.Pattern));

    public static CommandRules From(PolicyConfig policy) => new() { Blocked = policy.BlockedCommands, Confirm = policy.ConfirmCommands };
}
