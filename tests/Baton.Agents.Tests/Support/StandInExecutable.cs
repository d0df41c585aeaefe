namespace Baton.Agents.Tests.Support;

/// <summary>An executable file that does nothing: the adapter looks its CLI up before a scripted runner "runs" it.</summary>
public static class StandInExecutable
{
    public static string Create(string dir, string name)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
