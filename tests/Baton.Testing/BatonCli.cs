using System.Diagnostics;
using System.Text;

namespace Baton.Testing;

/// <summary>Runs the built <c>baton</c> binary as a user would: a real process, in a directory, with a timeout.</summary>
public static class BatonCli
{
    /// <summary>
    /// <c>BATON_EXE</c> when set (<c>./run-tests</c> points it at the native binary, so what breaks only when compiled
    /// ahead of time fails the tests), else the apphost next to the test assembly (the end-to-end project references
    /// Baton.Cli), else <c>dotnet baton.dll</c>.
    /// </summary>
    public static (string FileName, string[] Prefix) Command()
    {
        if (Environment.GetEnvironmentVariable("BATON_EXE") is { Length: > 0 } exe)
        {
            return File.Exists(exe) ? (exe, []) : throw new FileNotFoundException($"BATON_EXE names {exe}, which does not exist");
        }

        var dir = AppContext.BaseDirectory;
        var apphost = Path.Combine(dir, "baton");
        if (File.Exists(apphost))
        {
            return (apphost, []);
        }

        return ("dotnet", [Path.Combine(dir, "baton.dll")]);
    }

    public static Task<CliResult> RunAsync(string cwd, params string[] args) => RunAsync(cwd, null, TimeSpan.FromSeconds(120), args);

    public static async Task<CliResult> RunAsync(string cwd, IDictionary<string, string>? env, TimeSpan timeout, params string[] args)
    {
        using var process = Start(cwd, env, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"baton {string.Join(' ', args)} did not finish within {timeout}; stderr so far: {await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts baton without waiting (for kill -9, stop and Ctrl-C tests). The caller disposes it.</summary>
    public static Process Start(string cwd, IDictionary<string, string>? env, params string[] args)
    {
        var (file, prefix) = Command();
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in prefix.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var process = Process.Start(psi)!;
        process.StandardInput.Close();
        return process;
    }
}
