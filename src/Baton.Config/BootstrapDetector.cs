namespace Baton.Config;

/// <summary>
/// Guesses how a fresh workspace gets its dependencies, from the lock and project files at the repository's root:
/// a new worktree has no <c>node_modules/</c>, virtualenv or restored packages, so gates would fail without it.
/// </summary>
internal static class BootstrapDetector
{
    /// <summary>(file or pattern at the root, the command that installs what it locks, exactly).</summary>
    private static readonly (string Pattern, string Command)[] Rules =
    [
        ("pnpm-lock.yaml", "pnpm install --frozen-lockfile"),
        ("yarn.lock", "yarn install --frozen-lockfile"),
        ("bun.lockb", "bun install --frozen-lockfile"),
        ("package-lock.json", "npm ci"),
        ("uv.lock", "uv sync --frozen"),
        ("poetry.lock", "poetry install --no-interaction"),
        ("requirements*.txt", "python3 -m venv .venv && .venv/bin/pip install -r {file}"),
        ("*.sln", "dotnet restore"),
        ("*.slnx", "dotnet restore"),
        ("*.csproj", "dotnet restore"),
        ("Cargo.lock", "cargo fetch --locked"),
        ("go.sum", "go mod download"),
    ];

    /// <summary>The bootstrap command (several joined with <c>&amp;&amp;</c>) and the files it was chosen for; null when none applies.</summary>
    public static (string Command, IReadOnlyList<string> From)? Detect(string root)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        var commands = new List<string>();
        var from = new List<string>();
        foreach (var (pattern, command) in Rules)
        {
            var file = Directory.EnumerateFiles(root, pattern).Select(Path.GetFileName).Order(StringComparer.Ordinal).FirstOrDefault();
            if (file is null || commands.Contains(command.Replace("{file}", file, StringComparison.Ordinal)))
            {
                continue;
            }

            // One package manager per ecosystem: the first lock file found wins (pnpm before npm, uv before pip).
            if (SameEcosystem(commands, command))
            {
                continue;
            }

            commands.Add(command.Replace("{file}", file, StringComparison.Ordinal));
            from.Add(file!);
        }

        return commands.Count == 0 ? null : (string.Join(" && ", commands), from);
    }

    private static bool SameEcosystem(List<string> chosen, string candidate)
    {
        string Ecosystem(string command) => command.Split(' ')[0] switch
        {
            "pnpm" or "yarn" or "bun" or "npm" => "node",
            "uv" or "poetry" or "python3" => "python",
            var other => other,
        };
        return chosen.Any(c => Ecosystem(c) == Ecosystem(candidate));
    }
}
