using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Bench.Report;

/// <summary>Writes the report as indented snake_case JSON (the same figures as the table, plus details).</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteAsync(string path, BenchReport report, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(report, Options) + "\n", ct);
        File.Move(temp, full, overwrite: true);
    }
}
