using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>The known, non-null entries of one YAML mapping, read into typed values with their key paths.</summary>
internal sealed class YamlFields(YamlReader reader, string path)
{
    private readonly Dictionary<string, YamlNode> values = new(StringComparer.Ordinal);

    public string Path => path;

    public YamlReader Reader => reader;

    public void Add(string key, YamlNode value)
    {
        if (!YamlReader.IsNull(value))
        {
            values[key] = value;
        }
    }

    public bool Has(string key) => values.ContainsKey(key);

    public YamlNode? Node(string key) => values.GetValueOrDefault(key);

    public string PathOf(string key) => YamlReader.Child(path, key);

    public string? String(string key) => Read(key, reader.String);

    public decimal? Decimal(string key) => values.TryGetValue(key, out var node) ? reader.Decimal(node, PathOf(key)) : null;

    public int? Int(string key) => values.TryGetValue(key, out var node) ? reader.Int(node, PathOf(key)) : null;

    public bool? Bool(string key) => values.TryGetValue(key, out var node) ? reader.Bool(node, PathOf(key)) : null;

    public TimeSpan? Duration(string key) => values.TryGetValue(key, out var node) ? reader.Duration(node, PathOf(key)) : null;

    public T? Enum<T>(string key, EnumNames<T> names)
        where T : struct, Enum =>
        values.TryGetValue(key, out var node) ? reader.Enum(node, PathOf(key), names) : null;

    public List<string>? StringList(string key, string example) =>
        values.TryGetValue(key, out var node) ? reader.StringList(node, PathOf(key), example) : null;

    public Dictionary<string, string>? StringMap(string key, string example) =>
        values.TryGetValue(key, out var node) ? reader.StringMap(node, PathOf(key), example) : null;

    private T? Read<T>(string key, Func<YamlNode, string, T?> read)
        where T : class =>
        values.TryGetValue(key, out var node) ? read(node, PathOf(key)) : null;
}
