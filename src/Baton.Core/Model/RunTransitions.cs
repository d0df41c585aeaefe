using Baton.Core.Text;

namespace Baton.Core.Model;

/// <summary>
/// The one table of run state changes (spec §3). A terminal run never changes again. Staying in a non-terminal state is
/// allowed (a new builder attempt is announced as <c>running</c> again).
/// </summary>
public static class RunTransitions
{
    public static IReadOnlyList<RunState> From(RunState state) => state switch
    {
        RunState.Preparing => [RunState.Running, RunState.Failed, RunState.Stopped, RunState.Interrupted],
        RunState.Running =>
            [RunState.Gating, RunState.Reviewing, RunState.NeedsInput, RunState.Failed, RunState.Stopped, RunState.Interrupted],
        RunState.Gating =>
        [
            RunState.Running, RunState.Reviewing, RunState.NeedsInput, RunState.Succeeded, RunState.Failed, RunState.Stopped,
            RunState.Interrupted,
        ],
        RunState.Reviewing =>
        [
            RunState.Running, RunState.Gating, RunState.NeedsInput, RunState.Succeeded, RunState.Failed, RunState.Stopped,
            RunState.Interrupted,
        ],
        RunState.NeedsInput =>
            [RunState.Preparing, RunState.Running, RunState.Gating, RunState.Succeeded, RunState.Failed, RunState.Stopped],
        RunState.Interrupted => [RunState.Preparing, RunState.Stopped, RunState.Failed],
        RunState.Succeeded or RunState.Failed or RunState.Stopped => [],
    };

    public static bool IsAllowed(RunState from, RunState to) =>
        (from == to && !from.IsTerminal()) || From(from).Contains(to);

    /// <exception cref="IllegalTransitionException">The table does not allow the change.</exception>
    public static void Check(string runId, RunState from, RunState to)
    {
        if (!IsAllowed(from, to))
        {
            var allowed = From(from);
            throw new IllegalTransitionException(
                $"run {runId} cannot go from {from.WireName()} to {to.WireName()}" +
                (allowed.Count == 0 ? $" ({from.WireName()} is final)" : $" (from {from.WireName()} it may go to: {string.Join(", ", allowed.Select(s => s.WireName()))})"));
        }
    }
}
