namespace Baton.Core.Application;

/// <summary>An operation the desk refused; nothing was changed. The message says what to do instead.</summary>
public sealed class DeskException(DeskErrorKind kind, string message, IReadOnlyList<string>? problems = null) : Exception(message)
{
    public DeskErrorKind Kind { get; } = kind;

    /// <summary>Each problem on its own line (a bad field, an unknown agent), for <see cref="DeskErrorKind.Invalid"/>.</summary>
    public IReadOnlyList<string> Problems { get; } = problems ?? [];
}
