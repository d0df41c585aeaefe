namespace Baton.Cli.Hosting;

/// <summary>
/// Baton's state directory (<c>.baton/</c> by default: the store, run logs, workspaces). The first time Baton makes it,
/// it writes a <c>.gitignore</c> of <c>*</c> into it, so git ignores the whole directory without a tracked file being
/// touched — in a repository where <c>baton init</c> (which also adds it to the ignore list) was never run.
/// </summary>
public static class StateDirectory
{
    public const string IgnoreFile = ".gitignore";

    public static void Ensure(string stateDir)
    {
        if (Directory.Exists(stateDir))
        {
            return;
        }

        Directory.CreateDirectory(stateDir);
        File.WriteAllText(Path.Combine(stateDir, IgnoreFile), "# Baton's state (store, run logs, workspaces): not for git\n*\n");
    }
}
