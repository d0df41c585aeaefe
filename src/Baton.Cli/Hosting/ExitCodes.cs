namespace Baton.Cli.Hosting;

/// <summary>The exit codes of every verb (spec §5).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Internal = 3;
    public const int Interrupted = 130;

    /// <summary>The terminal hung up (SIGHUP): handled as an interruption.</summary>
    public const int HungUp = 129;
}
