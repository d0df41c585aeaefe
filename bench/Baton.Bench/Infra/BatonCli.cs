using System.Diagnostics;
using System.Globalization;

namespace Baton.Bench.Infra;

/// <summary>
/// The <c>baton</c> executable under test, run in a benchmark repo with the bench's environment. Its stdout and stderr
/// go straight to files (through <c>/bin/sh -c 'exec …'</c>, so the pid is baton's own): reading its progress lines
/// through a pipe would make the bench a bottleneck of what it measures (100,000 progress lines in (c)).
/// </summary>
internal sealed class BatonCli(string executable)
{
    private const string Redirect = "out=$1 err=$2; shift 2; exec \"$@\" >\"$out\" 2>\"$err\" </dev/null";
    private int _calls;

    public string Executable { get; } = executable;

    /// <summary>What every baton process of the bench gets on top of the bench's own environment.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } =
        new Dictionary<string, string>(Git.Identity) { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["NO_COLOR"] = "1" };

    public async Task<ProcessOutcome> RunAsync(
        BenchRepo repo,
        IReadOnlyList<string> args,
        TimeSpan timeout,
        CancellationToken ct,
        Func<Process, CancellationToken, Task>? whileRunning = null,
        IReadOnlyDictionary<string, string>? extraEnv = null)
    {
        var env = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in extraEnv ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var name = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"baton-{Interlocked.Increment(ref _calls).ToString(CultureInfo.InvariantCulture)}");
        var outcome = await ChildProcess.RunAsync("/bin/sh", ["-c", Redirect, "sh", name + ".out", name + ".err", Executable, .. args],
            repo.Path, timeout, ct, env, whileRunning);
        return outcome with
        {
            Command = $"baton {string.Join(' ', args)}",
            Stdout = await ReadAsync(name + ".out", ct),
            Stderr = await ReadAsync(name + ".err", ct),
        };
    }

    private static async Task<string> ReadAsync(string path, CancellationToken ct) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : "";
}
