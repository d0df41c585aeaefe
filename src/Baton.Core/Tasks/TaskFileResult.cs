using Baton.Core.Config;

namespace Baton.Core.Tasks;

/// <summary>The tasks read from a file and every problem found; tasks with problems are left out of <see cref="Tasks"/>.</summary>
public sealed record TaskFileResult(IReadOnlyList<TaskDraft> Tasks, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
