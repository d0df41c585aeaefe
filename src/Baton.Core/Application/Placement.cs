namespace Baton.Core.Application;

/// <summary>Where new work runs: on the queue (whichever worker takes it) or here, in the caller's process, at once.</summary>
public enum Placement
{
    Queue,
    Here,
}
