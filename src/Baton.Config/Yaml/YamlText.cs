using System.Globalization;
using System.Text;

namespace Baton.Config.Yaml;

/// <summary>Writes values into YAML text safely.</summary>
internal static class YamlText
{
    /// <summary>A double-quoted YAML scalar: any text survives, quotes, backslashes and control characters included.</summary>
    public static string Quote(string text) => Core.Text.DoubleQuoted.Of(text);

    public static string List(IEnumerable<string> items) => $"[{string.Join(", ", items.Select(Quote))}]";
}
