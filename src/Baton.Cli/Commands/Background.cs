using System.Diagnostics;
using Baton.Cli.Hosting;

namespace Baton.Cli.Commands;

/// <summary>Starts a detached <c>baton drain</c> in its own session, logging under the state dir.</summary>
public static class Background
{
    public static int StartWorker(BatonApp app)
    {
        var logs = Path.Combine(app.Services.StateDir, "logs");
        Directory.CreateDirectory(logs);
        var log = Path.Combine(logs, $"worker-{DateTime.UtcNow:yyyyMMddTHHmmssfff}.log");
        var psi = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            WorkingDirectory = Directory.GetCurrentDirectory(),
        };
        psi.ArgumentList.Add("bash");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$@\" >>\"$BATON_WORKER_LOG\" 2>&1 </dev/null");
        psi.ArgumentList.Add("baton-worker");
        foreach (var part in SelfCommand())
        {
            psi.ArgumentList.Add(part);
        }

        psi.ArgumentList.Add("drain");
        if (app.ConfigPath is { } config)
        {
            psi.ArgumentList.Add("--config");
            psi.ArgumentList.Add(config);
        }

        psi.Environment["BATON_WORKER_LOG"] = log;
        using var process = Process.Start(psi) ?? throw new UserErrorException("could not start a background worker", exitCode: ExitCodes.Internal);
        process.StandardInput.Close();
        return process.Id;
    }

    /// <summary>How to start this same Baton again: the apphost, or <c>dotnet baton.dll</c>.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var exe = Environment.ProcessPath ?? "baton";
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
        {
            // Run as `dotnet baton.dll`: the dll sits in the app's base directory (no Assembly.Location, which a
            // single-file or native build does not have).
            return [exe, Path.Combine(AppContext.BaseDirectory, "baton.dll")];
        }

        return [exe];
    }
}
