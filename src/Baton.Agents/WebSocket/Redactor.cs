using Baton.Core.Agents;

namespace Baton.Agents.WebSocket;

/// <summary>Hides the bearer token in anything the adapter logs or reports, in case the server echoes it back.</summary>
internal sealed class Redactor(AgentSecret? secret)
{
    private readonly string? _value = secret?.Reveal() is { Length: > 0 } value ? value : null;

    public string Apply(string text) => _value is null ? text : text.Replace(_value, "***", StringComparison.Ordinal);
}
