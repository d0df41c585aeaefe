namespace Baton.Core.Config;

/// <summary>A command that must exit 0 on the final workspace. Written in YAML as a string or <c>{ command, timeout }</c>.</summary>
public sealed record GateConfig(string Command, TimeSpan Timeout);
