using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// <c>policy.limits</c> on a run's whole process tree through control groups (this machine mounts cgroup v1 memory,
/// pids and cpu, writable): a memory hog is ended by the kernel and the run with <c>limit_exceeded</c>; a fork storm is
/// held at the process limit; the CPU quota applies to a grandchild.
/// </summary>
public sealed class LimitTests
{
    private static BatonProject Project(string command, string limits) => new($$"""
        version: 1
        agents: {}
        pipelines:
          default:
            stages:
              - { id: work, command: "{{command.Replace("\"", "\\\"", StringComparison.Ordinal)}}" }
            gates: []
        policy:
          limits: { {{limits}} }
        """);

    private static async Task<(JsonNode Run, List<JsonObject> Events, TimeSpan Took)> RunAsync(BatonProject p)
    {
        var clock = Stopwatch.StartNew();
        var result = await BatonCli.RunAsync(p.Path, null, TimeSpan.FromMinutes(2), "run", "x", "--format", "json");
        var run = JsonNode.Parse(result.Stdout) ?? throw new InvalidOperationException(result.ToString());
        return (run, [.. p.Events((string)run["task_id"]!, (string)run["run_id"]!)], clock.Elapsed);
    }

    [Fact]
    public async Task A_memory_hog_is_ended_by_its_limit_and_the_run_says_which()
    {
        using var p = Project("python3 -c 'import time; b = bytearray(400 * 1024 * 1024); time.sleep(60)'", "memory_mb: 64");

        var (run, events, took) = await RunAsync(p);

        ((string?)run["state"]).ShouldBe("failed", run.ToJsonString());
        ((string?)run["reason"]).ShouldBe("limit_exceeded");
        took.ShouldBeLessThan(TimeSpan.FromSeconds(50), "ended by the limit, not by finishing");
        var exceeded = events.Single(e => (string?)e["type"] == "limit.exceeded")["data"]!;
        ((string?)exceeded["limit"]).ShouldBe("memory_mb");
        ((string?)exceeded["detail"]).ShouldNotBeNull().ShouldContain("64 MB");
    }

    [Fact]
    public async Task A_fork_storm_is_held_at_the_process_limit()
    {
        using var p = Project("for i in $(seq 60); do sleep 30 & done; wait", "processes: 16");

        var (run, events, took) = await RunAsync(p);

        ((string?)run["reason"]).ShouldBe("limit_exceeded", run.ToJsonString());
        took.ShouldBeLessThan(TimeSpan.FromSeconds(25));
        ((string?)events.Single(e => (string?)e["type"] == "limit.exceeded")["data"]!["limit"]).ShouldBe("processes");
    }

    [Fact]
    public async Task The_cpu_quota_and_memory_limit_hold_for_a_grandchild_and_the_groups_go_with_the_run()
    {
        using var p = Project(
            "true && python3 -c 'g = dict((l.split(\":\")[1], l.split(\":\")[2].strip()) for l in open(\"/proc/self/cgroup\")); " +
            "open(\"groups.txt\", \"w\").write(\"cpu \" + g[\"cpu\"] + chr(10) + \"memory \" + g[\"memory\"] + chr(10)); " +
            "open(\"quota.txt\", \"w\").write(open(\"/sys/fs/cgroup/cpu\" + g[\"cpu\"] + \"/cpu.cfs_quota_us\").read())'",
            "cpu: 0.5, memory_mb: 512");

        var (run, _, _) = await RunAsync(p);

        ((string?)run["state"]).ShouldBe("succeeded", run.ToJsonString());
        var workspace = Path.Combine(p.StateDir, "workspaces", (string)run["task_id"]!);
        File.ReadAllText(Path.Combine(workspace, "quota.txt")).Trim().ShouldBe("50000");
        var groups = File.ReadAllLines(Path.Combine(workspace, "groups.txt"));
        groups.ShouldAllBe(g => g.Contains("/baton-", StringComparison.Ordinal));
        foreach (var line in groups)
        {
            var (controller, path) = (line.Split(' ')[0], line.Split(' ')[1]);
            Directory.Exists($"/sys/fs/cgroup/{controller}{path}").ShouldBeFalse($"{controller}{path} is removed with the run");
        }
    }

    [Fact]
    public async Task Doctor_says_the_limits_hold_here_and_how()
    {
        using var p = Project("true", "memory_mb: 256, processes: 64");

        var doctor = await BatonCli.RunAsync(p.Path, null, TimeSpan.FromMinutes(1), "doctor", "--format", "json");

        var limits = JsonNode.Parse(doctor.Stdout)!.AsArray().Single(c => (string?)c!["name"] == "limits")!;
        ((string?)limits["status"]).ShouldBe("ok", limits.ToJsonString());
        ((string?)limits["detail"]).ShouldNotBeNull().ShouldContain("cgroup v1");
    }
}
