namespace Baton.Agents.Tests.Support;

/// <summary>Recorded CLI streams under <c>Streams/&lt;cli&gt;/</c> (copied next to the test assembly).</summary>
public static class StreamFixture
{
    /// <summary>The workspace the hand recordings were made in (<c>hand-*</c>); the reference ones use <c>/ws</c>.</summary>
    public const string HandWorkspace = "/tmp/ws";

    public static string[] Lines(string cli, string name) => File.ReadAllLines(Path.Combine(Folder(cli), name));

    public static IEnumerable<string> Names(string cli) =>
        Directory.EnumerateFiles(Folder(cli), "*.jsonl").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    private static string Folder(string cli) => Path.Combine(AppContext.BaseDirectory, "Streams", cli);
}
