namespace Baton.Agents.Codex;

/// <summary>Which of <c>item.started</c>, <c>item.updated</c>, <c>item.completed</c> carried an item.</summary>
internal enum ItemPhase
{
    Started,
    Updated,
    Completed,
}
