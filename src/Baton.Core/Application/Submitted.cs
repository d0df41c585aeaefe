using Baton.Core.Model;

namespace Baton.Core.Application;

/// <summary>
/// A submitted task: as stored, whether it is new (false: the same external key was submitted before), and with
/// <see cref="Placement.Here"/> the run this process now owns and should execute.
/// </summary>
public sealed record Submitted(TaskItem Task, bool Created, RunRecord? Run);
