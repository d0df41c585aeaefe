using System.Globalization;
using System.Text;

namespace Baton.Bench.Infra;

/// <summary>Writes a <c>tasks.json</c> of distinct tasks for <c>baton tasks sync FILE --apply</c> (one process queues them all).</summary>
internal static class TasksFile
{
    public static async Task<string> WriteAsync(string file, int count, string titlePrefix, CancellationToken ct)
    {
        var text = new StringBuilder("[\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {{\"title\": \"{titlePrefix} {i:D5}\"}}{(i + 1 < count ? "," : "")}\n");
        }

        await File.WriteAllTextAsync(file, text.Append("]\n").ToString(), ct);
        return file;
    }
}
