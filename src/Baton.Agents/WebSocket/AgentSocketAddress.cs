namespace Baton.Agents.WebSocket;

/// <summary>
/// Where one conversation of a <c>websocket</c> agent lives: the agent's <c>/agent_ws/</c> endpoint under its
/// <c>base_url</c>, with the conversation as the <c>thread_id</c> query parameter.
/// </summary>
public static class AgentSocketAddress
{
    private const string Endpoint = "agent_ws";

    /// <summary>
    /// A bare host gets <c>/agent_ws/</c>; a path already ending in <c>/agent_ws</c> is used as it is; any other path is
    /// a prefix the server is mounted under (a reverse proxy), so <c>/agent_ws/</c> goes after it. Any
    /// <c>thread_id</c> in the configured URL is dropped: the conversation is always Baton's, never a shared one.
    /// </summary>
    public static bool TryCreate(string? baseUrl, string threadId, out Uri address, out string problem)
    {
        address = null!;
        problem = "";
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || !TryMapScheme(uri.Scheme, out var scheme))
        {
            problem = $"base_url `{baseUrl}` is not an absolute ws:// or wss:// URL, e.g. `ws://127.0.0.1:8765`";
            return false;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/" + Endpoint, StringComparison.Ordinal))
        {
            path += "/" + Endpoint;
        }

        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("thread_id=", StringComparison.Ordinal) && p != "thread_id")
            .Append("thread_id=" + Uri.EscapeDataString(threadId));
        address = new UriBuilder(uri) { Scheme = scheme, Path = path + "/", Query = string.Join('&', query) }.Uri;
        return true;
    }

    /// <summary>The address as shown in messages: without any user:password part.</summary>
    public static string Display(Uri address) =>
        address.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);

    private static bool TryMapScheme(string scheme, out string mapped)
    {
        // http(s) is accepted as a spelling of ws(s): the upgrade starts as an HTTP request either way.
        mapped = scheme switch
        {
            "ws" or "http" => "ws",
            "wss" or "https" => "wss",
            _ => "",
        };
        return mapped.Length > 0;
    }
}
