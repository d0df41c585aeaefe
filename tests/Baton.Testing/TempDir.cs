namespace Baton.Testing;

public static class TempDir
{
    public static string Create(string prefix)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "baton-tests", $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// A directory that is in no git repository, even for a moment: not under /tmp, where the Codex CLI's sandbox (run
    /// by other tests at the same time) makes an empty <c>/tmp/.git</c> while a command runs.
    /// </summary>
    public static string CreateOutsideAnyRepository(string prefix)
    {
        var path = System.IO.Path.Combine("/var/tmp", "baton-tests", $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A test's leftover process may still hold a file; the temp dir is cleaned by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
