namespace Baton.Bench.Scenarios;

/// <summary>
/// The plain-bash baseline of (b): per task what Baton does with a no-op agent, 4 tasks at a time with
/// <c>xargs -P 4</c>. Each task appends µs timestamps after each step to a log, to compare phases with Baton's.
/// Concurrent <c>git worktree add</c>s in one repository race (one reads another's half-written
/// <c>.git/worktrees/&lt;name&gt;/commondir</c>: "fatal: failed to read …/commondir: Success"), so the script retries
/// an add up to twice, re-using the branch if the failed attempt already made it, and logs each retry (tag <c>r</c>).
/// </summary>
internal static class BashBaseline
{
    public const string Script = """
        #!/usr/bin/env bash
        # usage: baseline.sh REPO N LOG — N tasks, 4 at a time; per task: worktree, agent, commit, gate.
        set -u
        export repo=$1 log=$3
        task() {
          local id=$1 dir="$repo/.bash-wt/$1"
          echo "$id 0 $EPOCHREALTIME" >> "$log"
          local try
          for try in 1 2 3; do
            git -C "$repo" worktree add -q -b "baton/$id" "$dir" main 2>> "$log.err" && break
            git -C "$repo" show-ref -q --verify "refs/heads/baton/$id" && git -C "$repo" worktree add -q "$dir" "baton/$id" 2>> "$log.err" && break
            [ "$try" = 3 ] && return 255
            echo "$id r $EPOCHREALTIME" >> "$log"; sleep 0.05
          done
          echo "$id 1 $EPOCHREALTIME" >> "$log"
          (cd "$dir" && bash -c true) || return 255                                     # the agent
          echo "$id 2 $EPOCHREALTIME" >> "$log"
          (cd "$dir" && git add -A && git commit -q -m x >/dev/null 2>&1 || true)        # commit the agent's work, if any
          echo "$id 3 $EPOCHREALTIME" >> "$log"
          (cd "$dir" && bash -c true) || return 255                                     # the gate
          echo "$id 4 $EPOCHREALTIME" >> "$log"
        }
        export -f task
        seq -f 't%05g' 1 "$2" | xargs -P 4 -n 1 bash -c 'task "$1"' _

        """;
}
