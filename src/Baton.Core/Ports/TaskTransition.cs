using Baton.Core.Events;
using Baton.Core.Model;

namespace Baton.Core.Ports;

/// <summary>A task as stored after a change, and the task event that records it (with its feed position).</summary>
public sealed record TaskTransition(TaskItem Task, RunEvent Event);
