using Baton.Core.Events;
using Baton.Core.Model;

namespace Baton.Core.Ports;

/// <summary>
/// The result of adding a task: the stored task, whether it is new, and its <c>task.queued</c> event (null when a task
/// with the same external key already existed and nothing was added).
/// </summary>
public sealed record TaskAdded(TaskItem Task, bool Created, RunEvent? Event);
