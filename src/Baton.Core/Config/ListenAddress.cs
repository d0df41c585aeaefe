using System.Globalization;

namespace Baton.Core.Config;

/// <summary>Reads <c>host:port</c>, <c>[::1]:port</c> or a bare port (on 127.0.0.1).</summary>
public static class ListenAddress
{
    public static bool TryParse(string text, out string host, out int port)
    {
        host = "127.0.0.1";
        port = 0;
        text = text.Trim();
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
        }

        var name = text[..colon];
        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            name = name[1..^1];
        }
        else if (name.Contains(':', StringComparison.Ordinal))
        {
            return false;   // an IPv6 address needs brackets: [::1]:8080
        }

        if (name.Length == 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            return false;
        }

        host = name;
        return true;
    }
}
