using System.Globalization;
using System.Text;

namespace Baton.Core.Text;

/// <summary>
/// A double-quoted string with backslash escapes, as YAML's double-quoted scalars and TOML's basic strings both read
/// it: quotes, backslashes and control characters escaped, everything else as it is.
/// </summary>
public static class DoubleQuoted
{
    public static string Of(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
