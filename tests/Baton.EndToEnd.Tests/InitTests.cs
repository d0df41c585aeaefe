using Baton.Testing;

namespace Baton.EndToEnd.Tests;

public sealed class InitTests
{
    [Fact]
    public async Task Init_writes_a_config_that_loads_ignores_the_state_dir_and_keeps_the_branch_clean()
    {
        using var p = new BatonProject();
        p.Repo.Write("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        p.Repo.CommitAll("add a project");

        var init = await p.RunAsync("init");

        init.ExitCode.ShouldBe(0, init.ToString());
        var yaml = File.ReadAllText(p.Repo.PathOf("baton.yaml"));
        yaml.ShouldContain("dotnet test");
        yaml.ShouldContain("#");
        File.ReadAllText(p.Repo.PathOf(".gitignore")).ShouldContain(".baton/");

        var doctor = await p.RunAsync("doctor");
        doctor.Stdout.ShouldContain("config");
        doctor.Stdout.ShouldNotContain("✖ config");

        var again = await p.RunAsync("init");
        again.ExitCode.ShouldBe(2);
        again.Stderr.ShouldContain("--force");
    }

    [Fact]
    public async Task Init_uses_git_info_exclude_when_gitignore_is_tracked()
    {
        using var p = new BatonProject();
        p.Repo.Write(".gitignore", "bin/\n");
        p.Repo.CommitAll("ignore bin");

        (await p.RunAsync("init")).ExitCode.ShouldBe(0);

        File.ReadAllText(p.Repo.PathOf(".git/info/exclude")).ShouldContain(".baton/");
        p.Repo.Git("status", "--porcelain", "--untracked-files=no").ShouldBeEmpty();
    }

    [Fact]
    public async Task Init_outside_a_repository_is_refused()
    {
        var dir = TempDir.CreateOutsideAnyRepository("nogit");
        try
        {
            var result = await BatonCli.RunAsync(dir, "init");
            result.ExitCode.ShouldBe(2);
            result.Stderr.ShouldContain("git init");
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
