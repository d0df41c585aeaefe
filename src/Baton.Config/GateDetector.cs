using System.Text.Json;
using System.Text.RegularExpressions;

namespace Baton.Config;

/// <summary>Guesses a repository's build and test commands from its build files.</summary>
internal static partial class GateDetector
{
    private static readonly string[] DotnetPatterns = ["*.sln", "*.slnx", "*.csproj"];
    private static readonly string[] Makefiles = ["Makefile", "makefile", "GNUmakefile"];

    public static IReadOnlyList<string> Detect(string root)
    {
        var gates = new List<string>();
        if (!Directory.Exists(root))
        {
            return gates;
        }

        if (DotnetPatterns.Any(pattern => Directory.EnumerateFiles(root, pattern).Any()))
        {
            gates.AddRange(["dotnet build", "dotnet test"]);
        }

        gates.AddRange(Node(root));
        if (File.Exists(Path.Combine(root, "Cargo.toml")))
        {
            gates.AddRange(["cargo build", "cargo test"]);
        }

        if (File.Exists(Path.Combine(root, "go.mod")))
        {
            gates.AddRange(["go build ./...", "go test ./..."]);
        }

        if (File.Exists(Path.Combine(root, "pyproject.toml")) || File.Exists(Path.Combine(root, "setup.py")))
        {
            gates.Add("python -m pytest");
        }

        if (Makefiles.Select(name => Path.Combine(root, name)).FirstOrDefault(File.Exists) is { } makefile
            && MakeTestTarget().IsMatch(File.ReadAllText(makefile)))
        {
            gates.Add("make test");
        }

        return [.. gates.Distinct()];
    }

    /// <summary>The <c>build</c> and <c>test</c> scripts of package.json, run with the package manager its lock file names.</summary>
    private static List<string> Node(string root)
    {
        var file = Path.Combine(root, "package.json");
        var gates = new List<string>();
        if (!File.Exists(file))
        {
            return gates;
        }

        var manager = File.Exists(Path.Combine(root, "pnpm-lock.yaml")) ? "pnpm"
            : File.Exists(Path.Combine(root, "yarn.lock")) ? "yarn"
            : "npm";
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("scripts", out var scripts)
                || scripts.ValueKind != JsonValueKind.Object)
            {
                return gates;
            }

            if (scripts.TryGetProperty("build", out _))
            {
                gates.Add($"{manager} run build");
            }

            // `npm init` writes a test script that only fails; it is not a gate.
            if (scripts.TryGetProperty("test", out var test)
                && !(test.ValueKind == JsonValueKind.String && test.GetString()!.Contains("no test specified", StringComparison.Ordinal)))
            {
                gates.Add($"{manager} test");
            }
        }
        catch (JsonException)
        {
            // A broken package.json suggests nothing; `baton doctor` is the place to complain about it.
        }

        return gates;
    }

    [GeneratedRegex(@"^test\s*:(?!=)", RegexOptions.Multiline)]
    private static partial Regex MakeTestTarget();
}
