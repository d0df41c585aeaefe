using System.Globalization;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// The floor under (a): what any orchestrator that gives each task a fresh worktree must spend between "ready" and
/// "agent running", done one task at a time in plain bash — <c>git worktree add -b</c>, one <c>git rev-parse</c> in the
/// new worktree (Baton's minimum) and starting the agent through <c>setsid bash -c</c> as Baton does.
/// </summary>
internal static class OverheadFloor
{
    private const string Script = """
        #!/usr/bin/env bash
        # usage: floor.sh REPO N LOG
        set -u
        repo=$1 log=$3
        for i in $(seq 1 "$2"); do
          dir="$repo/.bash-wt/f$i"
          echo "f$i 0 $EPOCHREALTIME" >> "$log"
          git -C "$repo" worktree add -q -b "floor/$i" "$dir" main || exit 1
          echo "f$i 1 $EPOCHREALTIME" >> "$log"
          git -C "$dir" rev-parse HEAD --path-format=absolute --git-common-dir > /dev/null || exit 1
          echo "f$i 2 $EPOCHREALTIME" >> "$log"
          (cd "$dir" && LOG="$log" ID="f$i" setsid bash -c 'echo "$ID 3 $EPOCHREALTIME" >> "$LOG"') || exit 1
        done

        """;

    public static async Task<PhaseSamples> MeasureAsync(string dir, string yaml, int count, CancellationToken ct)
    {
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "floor-repo"), yaml, ct);
        var script = Path.Combine(dir, "floor.sh");
        var log = Path.Combine(dir, "floor.log");
        await File.WriteAllTextAsync(script, Script, ct);
        (await ChildProcess.RunAsync("bash", [script, repo.Path, count.ToString(CultureInfo.InvariantCulture), log], dir,
            TimeSpan.FromSeconds(60 + count), ct, Git.Identity)).EnsureSuccess();

        var steps = Enumerable.Range(0, 4).Select(s => AgentStarts.Read(log, s.ToString(CultureInfo.InvariantCulture))).ToArray();
        var phases = new PhaseSamples();
        foreach (var id in steps[0].Keys)
        {
            phases.Add("git worktree add -b", Clock.Ms(steps[1][id] - steps[0][id]));
            phases.Add("git rev-parse", Clock.Ms(steps[2][id] - steps[1][id]));
            phases.Add("setsid bash -c (agent running)", Clock.Ms(steps[3][id] - steps[2][id]));
            phases.Add("floor: ready → agent running", Clock.Ms(steps[3][id] - steps[0][id]));
        }

        return phases;
    }
}
