namespace Baton.Cli.Hosting;

/// <summary>
/// A problem the user can fix (bad input, wrong state). Printed as one message — with every detail line — and mapped to
/// an exit code; never a stack trace.
/// </summary>
public sealed class UserErrorException(string message, IReadOnlyList<string>? details = null, int exitCode = ExitCodes.BadInput)
    : Exception(message)
{
    public IReadOnlyList<string> Details { get; } = details ?? [];

    public int ExitCode { get; } = exitCode;
}
