using System.Diagnostics;

namespace Baton.Engine.Tests.Agents;

/// <summary>Runs a command line through a real <c>bash -c</c>, as the command agent does, and returns its stdout.</summary>
internal static class Bash
{
    public static async Task<string> RunAsync(string commandLine)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(commandLine);
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        process.ExitCode.ShouldBe(0, await stderr);
        return await stdout;
    }
}
