namespace Baton.Agents.Tests.Support;

/// <summary>
/// Live processes whose environment holds a given entry. A turn's whole process tree inherits its isolated home
/// variables, so this finds every process a turn started, even one that left its process group.
/// </summary>
public static class ProcEnviron
{
    public static IReadOnlyList<int> With(string entry)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environ.Contains(entry, StringComparer.Ordinal) && Procs.IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
