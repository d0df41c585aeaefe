using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Agents.Common;

/// <summary>Writes a CLI's config (JSON, or text) whole and atomically, so a concurrent turn of the same agent never reads half a file.</summary>
internal static class ConfigFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string path, JsonObject content) => WriteText(path, content.ToJsonString(Indented) + "\n");

    public static void WriteText(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
