using Baton.Processes.Linux;

namespace Baton.Processes;

/// <summary>
/// After the terminal hung up (SIGHUP), writing to it fails with EIO; Baton still has runs to record as interrupted and
/// process trees to end. Pointing standard output and error at <c>/dev/null</c> lets that work finish quietly.
/// </summary>
public static class TerminalGuard
{
    public static void SilenceOutput()
    {
        try
        {
            using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
            var fd = (int)devNull.DangerousGetHandle();
            Native.Dup2(fd, 1);
            Native.Dup2(fd, 2);
        }
        catch (IOException)
        {
            // Without /dev/null the writes may fail; the shutdown goes on regardless.
        }
    }
}
