namespace Baton.Bench.Infra;

/// <summary>
/// Finds the <c>baton</c> executable to measure: the one given with <c>--baton</c>, else this checkout's native binary
/// (what <c>./baton</c> runs: <c>scripts/native-build</c> compiles it when missing or stale), else — with <c>--jit</c>, or
/// when the native build cannot be made — the Release build, built first when it is missing or older than any source.
/// </summary>
internal static class BatonLocator
{
    public static async Task<string> LocateAsync(string? given, bool jit, CancellationToken ct)
    {
        if (given is not null)
        {
            var full = Path.GetFullPath(given);
            return File.Exists(full) ? full : throw new BenchException($"--baton {given}: no such file");
        }

        var root = RepoRoot() ?? throw new BenchException(
            "cannot find the Baton checkout (a directory with Baton.slnx) above the current directory or the bench; pass --baton PATH");
        if (!jit)
        {
            var native = await ChildProcess.RunAsync(
                "bash", ["-c", ". \"$1/scripts/native-build\" && native_baton \"$1\"", "bash", root], root, TimeSpan.FromMinutes(15), ct);
            Console.Error.Write(native.Stderr);
            if (native.Succeeded && File.Exists(native.Stdout.Trim()))
            {
                return native.Stdout.Trim();
            }

            Console.Error.WriteLine("no native baton; measuring the ordinary (JIT) Release build");
        }

        var exe = Path.Combine(root, "src", "Baton.Cli", "bin", "Release", "net10.0", "baton");
        if (File.Exists(exe) && !Stale(root, exe))
        {
            return exe;
        }

        Console.Error.WriteLine($"building {exe} (Release)…");
        var build = await ChildProcess.RunAsync(
            "dotnet", ["build", Path.Combine(root, "src", "Baton.Cli"), "-c", "Release", "--nologo", "-v", "quiet", "-clp:ErrorsOnly"],
            root, TimeSpan.FromMinutes(10), ct);
        if (!build.Succeeded)
        {
            throw new BenchException($"building baton failed:\n{build.Stdout}{build.Stderr}");
        }

        return File.Exists(exe) ? exe : throw new BenchException($"the build succeeded but {exe} is missing");
    }

    /// <summary>The checkout the benchmark belongs to: the first directory with Baton.slnx above the working directory or the bench binary.</summary>
    public static string? RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Baton.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static bool Stale(string root, string exe)
    {
        // The apphost is copied only when it changes; the assemblies next to it carry the last build's time.
        var built = Directory.EnumerateFiles(Path.GetDirectoryName(exe)!, "*.dll").Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
        var sources = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
                && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Append(Path.Combine(root, "Directory.Build.props"))
            .Append(Path.Combine(root, "Directory.Packages.props"));
        return sources.Any(f => File.Exists(f) && File.GetLastWriteTimeUtc(f) > built);
    }
}
