using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Events;
using Baton.Core.Model;

namespace Baton.Core.Text;

/// <summary>
/// The one set of JSON settings used for files, events and <c>--format json</c>: snake_case names, nulls left out,
/// UTC timestamps with milliseconds, readable (relaxed) escaping. Serialization is source-generated — each project has
/// a context built over <see cref="NewOptions"/> — so it works compiled ahead of time; nothing uses reflection.
/// </summary>
public static class BatonJson
{
    private static readonly CoreJsonContext Compact = new(NewOptions(indented: false));

    public static JsonSerializerOptions Options => Compact.Options;

    /// <summary>Fresh options with Baton's settings, for a project's own source-generated context.</summary>
    public static JsonSerializerOptions NewOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new UtcTimestampConverter());
        return options;
    }

    /// <summary>One event on one line: the wire shape of spec §7 (with its feed position).</summary>
    public static string Serialize(RunEvent value) => JsonSerializer.Serialize(value, Compact.RunEvent);

    /// <summary>One line of <c>events.ndjson</c> (any build's) back into an event.</summary>
    /// <exception cref="JsonException">The line is not an event.</exception>
    public static RunEvent ReadEvent(string line) =>
        JsonSerializer.Deserialize(line, Compact.RunEvent) ?? throw new JsonException("an event line is `null`");

    public static string Serialize(IReadOnlyList<string> value) => JsonSerializer.Serialize(value, Compact.IReadOnlyListString);

    public static string[] ReadStrings(string json) => JsonSerializer.Deserialize(json, Compact.StringArray) ?? [];

    public static string Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    /// <summary>The snake_case wire name of an enum value (<c>needs_input</c>).</summary>
    public static string WireName<T>(this T value) where T : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParseWireName<T>(string text, out T value) where T : struct, Enum =>
        Enum.TryParse(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out value)
        && Enum.IsDefined(value);
}

/// <summary>Source-generated JSON for Core's own types.</summary>
[JsonSerializable(typeof(RunEvent))]
[JsonSerializable(typeof(TaskItem))]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(StageRecord))]
[JsonSerializable(typeof(GateResult))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
