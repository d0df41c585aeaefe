using Baton.Testing;

namespace Baton.Config.Tests;

public sealed class RepoDetectorTests : IDisposable
{
    private readonly string dir = TempDir.Create("detect");

    public void Dispose() => TempDir.Delete(dir);

    private void Write(string relative, string content = "")
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private string Executable(string subdir, string name)
    {
        var path = Path.Combine(dir, subdir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return Path.GetDirectoryName(path)!;
    }

    [Fact]
    public void Agents_are_the_known_clis_that_are_executable_on_the_path()
    {
        var bin1 = Executable("bin1", "claude");
        var bin2 = Executable("bin2", "codex");
        Executable("bin2", "aider");
        Write("bin3/gemini");

        var found = RepoDetector.DetectAgents(string.Join(Path.PathSeparator, bin1, bin2, Path.Combine(dir, "bin3"), Path.Combine(dir, "missing")));

        found.ShouldBe(OperatingSystem.IsWindows() ? [] : ["codex", "claude"]);
    }

    [Fact]
    public void No_path_means_no_agents()
    {
        RepoDetector.DetectAgents("").ShouldBeEmpty();
        RepoDetector.DetectAgents(null).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("App.sln", "dotnet build|dotnet test")]
    [InlineData("App.slnx", "dotnet build|dotnet test")]
    [InlineData("App.csproj", "dotnet build|dotnet test")]
    [InlineData("Cargo.toml", "cargo build|cargo test")]
    [InlineData("go.mod", "go build ./...|go test ./...")]
    [InlineData("pyproject.toml", "python -m pytest")]
    [InlineData("setup.py", "python -m pytest")]
    public void Gates_follow_the_build_files(string file, string gates)
    {
        Write(file);

        RepoDetector.DetectGates(dir).ShouldBe(gates.Split('|'));
    }

    [Fact]
    public void Package_json_scripts_become_npm_gates()
    {
        Write("package.json", """{ "scripts": { "build": "tsc", "test": "vitest run" } }""");

        RepoDetector.DetectGates(dir).ShouldBe(["npm run build", "npm test"]);
    }

    [Fact]
    public void The_placeholder_test_script_of_npm_init_is_not_a_gate()
    {
        Write("package.json", """{ "scripts": { "test": "echo \"Error: no test specified\" && exit 1" } }""");

        RepoDetector.DetectGates(dir).ShouldBeEmpty();
    }

    [Fact]
    public void A_pnpm_lock_file_makes_the_gates_use_pnpm()
    {
        Write("package.json", """{ "scripts": { "test": "vitest" } }""");
        Write("pnpm-lock.yaml");

        RepoDetector.DetectGates(dir).ShouldBe(["pnpm test"]);
    }

    [Fact]
    public void A_broken_package_json_suggests_nothing()
    {
        Write("package.json", "{ scripts: ");

        RepoDetector.DetectGates(dir).ShouldBeEmpty();
    }

    [Fact]
    public void A_makefile_with_a_test_target_gives_make_test()
    {
        Write("Makefile", "build:\n\tcc main.c\n\ntest: build\n\t./run-tests\n");

        RepoDetector.DetectGates(dir).ShouldBe(["make test"]);
    }

    [Fact]
    public void A_makefile_without_a_test_target_gives_nothing()
    {
        Write("Makefile", "TEST := 1\ntests:\n\techo\nfoo-test: x\n");

        RepoDetector.DetectGates(dir).ShouldBeEmpty();
    }

    [Fact]
    public void Several_ecosystems_give_all_their_gates_in_order()
    {
        Write("App.sln");
        Write("package.json", """{ "scripts": { "build": "vite build" } }""");
        Write("Makefile", "test:\n\tdotnet test\n");

        RepoDetector.DetectGates(dir).ShouldBe(["dotnet build", "dotnet test", "npm run build", "make test"]);
    }

    [Fact]
    public void An_empty_repo_has_no_gates()
    {
        RepoDetector.DetectGates(dir).ShouldBeEmpty();
        RepoDetector.DetectGates(Path.Combine(dir, "missing")).ShouldBeEmpty();
    }

    [Fact]
    public void The_repo_root_is_found_from_a_subdirectory()
    {
        using var repo = new TempGitRepo();
        Directory.CreateDirectory(repo.PathOf("src/deep"));
        File.WriteAllText(repo.PathOf("go.mod"), "module x\n");

        RepoDetector.FindRepoRoot(repo.PathOf("src/deep")).ShouldBe(repo.Path);
        var defaults = RepoDetector.Detect(repo.PathOf("src/deep"));
        defaults.RepoDirName.ShouldBe(Path.GetFileName(repo.Path));
        defaults.Gates.ShouldBe(["go build ./...", "go test ./..."]);
    }

    [Fact]
    public void Defaults_looked_up_when_needed_are_the_same_facts_read_on_first_use()
    {
        using var repo = new TempGitRepo();
        File.WriteAllText(repo.PathOf("go.mod"), "module x\n");
        var deferred = RepoDetector.DetectWhenNeeded(repo.Path);
        File.WriteAllText(repo.PathOf("Cargo.toml"), "[package]\n");

        deferred.Gates.ShouldBe(RepoDetector.Detect(repo.Path).Gates, "read when first used, not when made");
        deferred.InstalledAgents.ShouldBe(RepoDetector.DetectAgents());
        deferred.Bootstrap.ShouldBeNull("only init writes a bootstrap");
        deferred.RepoDirName.ShouldBe(Path.GetFileName(repo.Path));
    }
}
