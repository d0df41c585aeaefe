namespace Baton.Config;

/// <summary>
/// The facts about the environment that defaults depend on, gathered once (by <see cref="RepoDetector.Detect"/>)
/// so loading stays a pure function of the file and these facts.
/// </summary>
/// <param name="RepoDirName">The name of the repository's root directory; the default project key is made from it.</param>
/// <param name="InstalledAgents">The agent CLIs found on PATH, in preference order: <c>codex</c>, <c>claude</c>, <c>gemini</c>, <c>opencode</c>.</param>
/// <param name="Gates">Build and test commands the repository's build files suggest, e.g. <c>dotnet build</c>, <c>dotnet test</c>.</param>
public sealed record ConfigDefaults(string RepoDirName, IReadOnlyList<string> InstalledAgents, IReadOnlyList<string> Gates)
{
    /// <summary>How a fresh workspace gets its dependencies (e.g. <c>npm ci</c>), and the files that say so; null: nothing to install.</summary>
    public (string Command, IReadOnlyList<string> From)? Bootstrap { get; init; }

    /// <summary>No agents installed, no gates detected; a project named <c>project</c>.</summary>
    public static ConfigDefaults None { get; } = new("project", [], []);
}
