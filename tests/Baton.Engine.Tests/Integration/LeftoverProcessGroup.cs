using System.Diagnostics;

namespace Baton.Engine.Tests.Integration;

/// <summary>A real <c>setsid sleep 300</c>: a process group of its own, like one a crashed Baton left behind.</summary>
internal sealed class LeftoverProcessGroup : IDisposable
{
    private readonly Process _process;

    private LeftoverProcessGroup(Process process, long startTicks)
    {
        _process = process;
        StartTicks = startTicks;
    }

    public int Pgid => _process.Id;

    public long StartTicks { get; }

    public static async Task<LeftoverProcessGroup> StartAsync()
    {
        var psi = new ProcessStartInfo("setsid") { RedirectStandardInput = true };
        psi.ArgumentList.Add("sleep");
        psi.ArgumentList.Add("300");
        var process = Process.Start(psi)!;
        process.StandardInput.Close();

        // setsid makes the process lead a new group (pgid = pid) and then becomes sleep; wait for both.
        var leads = await Eventually.TrueAsync(
            () => ProcStatFile.Read(process.Id) is { Command: "sleep" } stat && stat.ProcessGroup == process.Id,
            TimeSpan.FromSeconds(10));
        leads.ShouldBeTrue("setsid sleep leads its own process group");
        return new LeftoverProcessGroup(process, ProcStatFile.Read(process.Id)!.StartTicks);
    }

    public bool IsAlive => Procs.IsAlive(Pgid);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
