using System.Diagnostics;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary><c>scripts/install</c>: the native baton put on a user's PATH works from any repository.</summary>
[Trait(Needs.Trait, Needs.NativeBuild)]
public sealed class InstallTests
{

    private static async Task<(int Code, string Out, string Err)> BashAsync(string script, string cwd, string path)
    {
        var psi = new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PATH"] = path;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));   // a native build when none is fresh
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_installed_binary_runs_from_path_in_another_repository_and_a_second_install_replaces_it()
    {
        var prefix = TempDir.Create("prefix");
        using var repo = new TempGitRepo();
        try
        {
            var path = $"{Path.Combine(prefix, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
            var install = await BashAsync($"scripts/install '{prefix}'", AgentClis.RepoRoot(), path);
            install.Code.ShouldBe(0, install.Err);
            install.Out.ShouldContain($"installed {prefix}/bin/baton (0.");
            File.Exists(Path.Combine(prefix, "lib", "baton", "libe_sqlite3.so")).ShouldBeTrue();

            var used = await BashAsync("baton init && baton status --format json && command -v baton", repo.Path, path);

            used.Code.ShouldBe(0, used.Err);
            File.Exists(repo.PathOf("baton.yaml")).ShouldBeTrue();
            used.Out.Trim().Split('\n')[^1].ShouldBe(Path.Combine(prefix, "bin", "baton"));
            (await BashAsync($"scripts/install '{prefix}'", AgentClis.RepoRoot(), path)).Code.ShouldBe(0);
            Directory.Exists(Path.Combine(prefix, "lib", "baton.tmp")).ShouldBeFalse();
        }
        finally
        {
            TempDir.Delete(prefix);
        }
    }
}
