using System.Diagnostics;

namespace Baton.Testing;

/// <summary>A real git repository in a temporary directory, with one commit on <c>main</c>; deleted on dispose.</summary>
public sealed class TempGitRepo : IDisposable
{
    public string Path { get; }

    public TempGitRepo(string? branch = "main")
    {
        Path = TempDir.Create("repo");
        Git("init", "-q", "-b", branch ?? "main");
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "Baton Test");
        Git("config", "commit.gpgsign", "false");
        if (branch is not null)
        {
            File.WriteAllText(System.IO.Path.Combine(Path, "README.md"), "# test repo\n");
            Git("add", "-A");
            Git("commit", "-q", "-m", "initial");
        }
    }

    public string PathOf(string relative) => System.IO.Path.Combine(Path, relative);

    public void Write(string relative, string content)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
    }

    public void CommitAll(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
    }

    /// <summary>Runs git in the repository and returns its trimmed stdout; throws on a non-zero exit.</summary>
    public string Git(params string[] args) => RunGit(Path, args);

    public static string RunGit(string cwd, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({p.ExitCode}): {stderr}");
        }

        return stdout.Result.Trim();
    }

    public void Dispose() => TempDir.Delete(Path);
}
