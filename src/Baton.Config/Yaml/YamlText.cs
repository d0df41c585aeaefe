using System.Globalization;
using System.Text;

namespace Baton.Config.Yaml;

/// <summary>Writes values into YAML text safely.</summary>
internal static class YamlText
{
    /// <summary>A double-quoted YAML scalar: any text survives, quotes, backslashes and control characters included.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    public static string List(IEnumerable<string> items) => $"[{string.Join(", ", items.Select(Quote))}]";
}
