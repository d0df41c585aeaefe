using Baton.Core.Config;

namespace Baton.Config.Tests;

public class InitTemplateTests
{
    public static TheoryData<string[], string[]> Cases => new()
    {
        { [], [] },
        { [], ["dotnet build", "dotnet test"] },
        { ["claude"], [] },
        { ["codex", "claude", "gemini", "opencode"], ["npm run build", "npm test", "make test"] },
        { ["gemini"], ["go test ./...", "echo \"quoted: yes\" # not a comment"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_rendered_file_loads_with_zero_errors(string[] agents, string[] gates)
    {
        var defaults = new ConfigDefaults("My Repo", agents, gates);

        var text = InitTemplate.Render(defaults, "main");
        var result = ConfigLoader.LoadText(text, "baton.yaml", ConfigDefaults.None);

        result.Errors.ShouldBeEmpty(text);
        var config = result.Config;
        config.Projects.ShouldHaveSingleItem().Key.ShouldBe("my-repo");
        config.Projects[0].DefaultBranch.ShouldBe("main");
        config.Pipelines["default"].Gates.Select(g => g.Command).ShouldBe(gates);
        config.Agents.Keys.ShouldBe(agents.Length == 0 ? ["shell"] : agents);
        config.DefaultAgent.ShouldBe(agents.Length == 0 ? "shell" : agents[0]);
    }

    [Fact]
    public void Without_an_agent_cli_the_template_has_a_command_agent_that_says_what_to_do()
    {
        var text = InitTemplate.Render(new ConfigDefaults("repo", [], []), "main");

        text.ShouldContain("No agent CLI (codex, claude, gemini, opencode) was found on PATH");
        var agent = ConfigLoader.LoadText(text, "baton.yaml", ConfigDefaults.None).Config.Agents["shell"];
        agent.Kind.ShouldBe(AgentKind.Command);
        agent.Command.ShouldNotBeNull().ShouldContain("edit agents.shell in baton.yaml");
    }

    [Fact]
    public void With_agent_clis_the_command_agent_is_an_example_in_a_comment()
    {
        var text = InitTemplate.Render(new ConfigDefaults("repo", ["codex"], []), "trunk");

        text.ShouldContain("  codex:\n    kind: codex\n    # model: gpt-5.1-codex\n");
        text.ShouldContain("  # shell:\n");
        text.ShouldContain("default_branch: \"trunk\"");
    }

    [Fact]
    public void Every_section_is_explained()
    {
        var text = InitTemplate.Render(new ConfigDefaults("repo", ["claude"], ["make test"]), "main");

        foreach (var section in new[] { "version:", "state_dir:", "store:", "max_concurrent_runs:", "agents:", "projects:", "pipelines:", "policy:", "# matrix:", "# server:" })
        {
            var at = text.IndexOf(section, StringComparison.Ordinal);
            at.ShouldBeGreaterThan(0, section);
            text[..at].TrimEnd(' ').TrimEnd('\n').Split('\n')[^1].ShouldStartWith("#", customMessage: section);
        }
    }
}

/// <summary>`baton init` writes the bootstrap a fresh worktree needs, chosen from the lock and project files.</summary>
public sealed class InitBootstrapTests : IDisposable
{
    private readonly string _root = Baton.Testing.TempDir.CreateOutsideAnyRepository("bootstrap");

    public void Dispose() => Baton.Testing.TempDir.Delete(_root);

    [Theory]
    [InlineData(new[] { "package.json", "package-lock.json" }, "npm ci")]
    [InlineData(new[] { "package.json", "pnpm-lock.yaml", "package-lock.json" }, "pnpm install --frozen-lockfile")]
    [InlineData(new[] { "pyproject.toml", "uv.lock", "requirements.txt" }, "uv sync --frozen")]
    [InlineData(new[] { "requirements-dev.txt" }, "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt")]
    [InlineData(new[] { "app.csproj", "package-lock.json" }, "npm ci && dotnet restore")]
    [InlineData(new[] { "Cargo.toml", "Cargo.lock" }, "cargo fetch --locked")]
    [InlineData(new[] { "README.md" }, null)]
    public void The_detected_bootstrap_is_written_and_loads(string[] files, string? expected)
    {
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(_root, file), "{}");
        }

        var defaults = RepoDetector.Detect(_root);
        var text = InitTemplate.Render(defaults, "main");
        var result = ConfigLoader.LoadText(text, "baton.yaml", ConfigDefaults.None);

        result.Errors.ShouldBeEmpty(text);
        result.Config.Projects[0].Bootstrap?.Script.ShouldBe(expected);
        if (expected is null)
        {
            result.Config.Projects[0].Bootstrap.ShouldBeNull();
            text.ShouldContain("# bootstrap:");
        }
    }
}
