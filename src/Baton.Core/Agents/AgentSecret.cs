namespace Baton.Core.Agents;

/// <summary>An API key read from the environment variable the config names. Never printed: <see cref="ToString"/> hides it.</summary>
public sealed class AgentSecret(string value)
{
    public string Reveal() => value;

    public override string ToString() => "***";
}
