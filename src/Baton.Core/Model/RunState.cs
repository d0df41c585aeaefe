namespace Baton.Core.Model;

/// <summary>Where one run stands. <see cref="Interrupted"/> is the only state a run reaches without its owner: it is resumable.</summary>
public enum RunState
{
    Preparing,
    Running,
    Gating,
    Reviewing,
    Interrupted,
    Succeeded,
    Failed,
    Stopped,
}
