using System.Diagnostics;

namespace Baton.Testing;

/// <summary>Runs one of the repository's <c>scripts/</c> (the test servers' launchers) and returns what it printed.</summary>
public static class Scripts
{
    public static async Task<string> RunAsync(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(AgentClis.RepoRoot(), "scripts", script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/{script} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
