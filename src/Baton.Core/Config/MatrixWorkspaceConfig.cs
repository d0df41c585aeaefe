namespace Baton.Core.Config;

/// <summary>The top space Baton keeps: its name, the alias key its rooms' aliases start with, who is invited.</summary>
public sealed record MatrixWorkspaceConfig
{
    public string Name { get; init; } = "Baton";
    /// <summary>Alias prefix: <c>#key</c>, <c>#key.project</c>, <c>#key.project.lobby</c>. Defaults from the name.</summary>
    public string? Key { get; init; }
    public IReadOnlyList<string> Members { get; init; } = [];

    public string AliasKey => Key ?? MatrixNames.Slug(Name);
}
