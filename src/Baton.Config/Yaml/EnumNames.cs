using Baton.Core.Text;

namespace Baton.Config.Yaml;

/// <summary>The names an enum is written with in <c>baton.yaml</c> (snake_case; the approval policy uses <c>on-request</c>).</summary>
internal sealed class EnumNames<T>
    where T : struct, Enum
{
    private readonly Dictionary<string, T> byName;

    public EnumNames(string noun, Func<string, string>? spell = null)
    {
        Noun = noun;
        byName = Enum.GetValues<T>().ToDictionary(v => (spell ?? (s => s))(v.WireName()), v => v, StringComparer.Ordinal);
        Names = [.. byName.Keys];
    }

    /// <summary>What a value of this enum is called in messages ("stage kind").</summary>
    public string Noun { get; }

    public IReadOnlyList<string> Names { get; }

    public string Valid => string.Join(" | ", Names);

    public string NameOf(T value) => byName.First(kv => EqualityComparer<T>.Default.Equals(kv.Value, value)).Key;

    public bool TryParse(string text, out T value)
    {
        // `on_request` and `On-Request` are accepted for `on-request`: the intent is unambiguous.
        var wanted = Fold(text);
        foreach (var (name, candidate) in byName)
        {
            if (Fold(name) == wanted)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Fold(string text) => text.Trim().ToLowerInvariant().Replace('-', '_');
}
