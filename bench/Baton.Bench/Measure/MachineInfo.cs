using System.Globalization;
using System.Runtime.InteropServices;
using Baton.Bench.Infra;

namespace Baton.Bench.Measure;

/// <summary>The machine the figures were measured on.</summary>
internal sealed record MachineInfo(int Cpus, string CpuModel, double MemoryGb, string Kernel, string Git, string Dotnet, string BatonCommit, double ProcessStartMs)
{
    /// <summary>bash starting <c>/bin/true</c> 100 times: what one fork + exec + exit costs here (every git call pays it).</summary>
    private const string SpawnProbe = "s=$EPOCHREALTIME; for i in $(seq 100); do /bin/true; done; e=$EPOCHREALTIME; echo $s $e";

    public static async Task<MachineInfo> ReadAsync(string? repoRoot, CancellationToken ct)
    {
        var nproc = await ChildProcess.RunAsync("nproc", [], Environment.CurrentDirectory, TimeSpan.FromSeconds(10), ct);
        var cpus = int.TryParse(nproc.Stdout.Trim(), CultureInfo.InvariantCulture, out var n) ? n : Environment.ProcessorCount;
        var git = (await ChildProcess.RunAsync("git", ["--version"], Environment.CurrentDirectory, TimeSpan.FromSeconds(10), ct)).Stdout.Trim();
        var commit = "unknown";
        if (repoRoot is not null)
        {
            var head = await ChildProcess.RunAsync("git", ["describe", "--always", "--dirty"], repoRoot, TimeSpan.FromSeconds(10), ct);
            commit = head.Succeeded ? head.Stdout.Trim() : commit;
        }

        var probe = (await ChildProcess.RunAsync("bash", ["-c", SpawnProbe], Environment.CurrentDirectory, TimeSpan.FromSeconds(60), ct)).Stdout.Split(' ');
        var spawnMs = probe.Length == 2 ? Clock.Ms(Clock.ParseEpoch(probe[1].Trim()) - Clock.ParseEpoch(probe[0])) / 100 : double.NaN;
        return new MachineInfo(cpus, ReadCpuModel(), MemTotalKb() / 1024.0 / 1024.0, RuntimeInformation.OSDescription, git,
            RuntimeInformation.FrameworkDescription, commit, spawnMs);
    }

    public string Summary =>
        $"{Cpus.ToString(CultureInfo.InvariantCulture)} CPUs ({CpuModel}), {MemoryGb.ToString("0.0", CultureInfo.InvariantCulture)} GB RAM, {Kernel}, {Git}, {Dotnet}, baton {BatonCommit}; " +
        $"one process start (fork + exec /bin/true + wait) {ProcessStartMs.ToString("0.0", CultureInfo.InvariantCulture)} ms";

    private static string ReadCpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static long MemTotalKb()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
