namespace Baton.Store.Tests;

/// <summary>Places where nothing can be created, for the permission tests.</summary>
internal static class Unwritable
{
    /// <summary>A path whose parent is a regular file: creating it fails for every user, root included.</summary>
    public static string PathUnderAFile(string root)
    {
        var file = Path.Combine(root, "not-a-dir");
        File.WriteAllText(file, "");
        return Path.Combine(file, "sub");
    }

    /// <summary>
    /// A read-only (0555) directory; when the tests run as root, which ignores the mode, a path under a regular file
    /// instead, so the test still asserts a refusal.
    /// </summary>
    public static string ReadOnlyDirectory(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return PathUnderAFile(root);
        }

        var dir = Path.Combine(root, "read-only");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return ModeIsEnforced(dir) ? dir : PathUnderAFile(root);
    }

    /// <summary>Gives a directory made by <see cref="ReadOnlyDirectory"/> its write permission back, so it can be deleted.</summary>
    public static void Restore(string root)
    {
        var dir = Path.Combine(root, "read-only");
        if (!OperatingSystem.IsWindows() && Directory.Exists(dir))
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool ModeIsEnforced(string dir)
    {
        var probe = Path.Combine(dir, "probe");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
