using System.Globalization;
using System.Runtime.InteropServices;
using Baton.Bench.Infra;

namespace Baton.Bench.Measure;

/// <summary>The machine the figures were measured on.</summary>
internal sealed record MachineInfo(int Cpus, string CpuModel, double MemoryGb, string Kernel, string Git, string Dotnet, string BatonCommit)
{
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

        return new MachineInfo(cpus, ReadCpuModel(), MemTotalKb() / 1024.0 / 1024.0, RuntimeInformation.OSDescription, git,
            RuntimeInformation.FrameworkDescription, commit);
    }

    public string Summary =>
        $"{Cpus.ToString(CultureInfo.InvariantCulture)} CPUs ({CpuModel}), {MemoryGb.ToString("0.0", CultureInfo.InvariantCulture)} GB RAM, {Kernel}, {Git}, {Dotnet}, baton {BatonCommit}";

    private static string ReadCpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static long MemTotalKb()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
