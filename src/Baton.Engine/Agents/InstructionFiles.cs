namespace Baton.Engine.Agents;

/// <summary>The repository's agent instruction files, read from the workspace root, each cut to a sane size.</summary>
public static class InstructionFiles
{
    public static readonly string[] Names = ["AGENTS.md", "CLAUDE.md", "GEMINI.md"];

    private const int MaxChars = 16_000;

    public static IReadOnlyList<(string Name, string Text)> Read(string workspace)
    {
        var found = new List<(string, string)>();
        foreach (var name in Names)
        {
            var path = Path.Combine(workspace, name);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(path);
                found.Add((name, text.Length <= MaxChars ? text : text[..MaxChars] + "\n… (cut at 16,000 characters)"));
            }
            catch (IOException)
            {
                // An unreadable instruction file is the agent's own business to find; the turn goes on without it.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
