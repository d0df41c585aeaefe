using Baton.Core.Model;
using Microsoft.AspNetCore.Http;

namespace Baton.Web.Security;

/// <summary>
/// Runs before every route: answers only to this machine's names when bound to loopback without a token (no DNS
/// rebinding), asks for a token (header or sign-in cookie) when there are tokens, and keeps other sites from driving
/// the controls (a change must be JSON — a cross-site form cannot send it without a preflight, which is never
/// answered — and a browser that says the request is cross-site is refused). Who asks travels on as an <see cref="Actor"/>.
/// </summary>
internal sealed class AccessGuard(Sessions sessions, bool loopback)
{
    private const string ActorKey = "baton.actor";

    public static Actor ActorOf(HttpContext http) => (Actor)http.Items[ActorKey]!;

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (loopback && !sessions.Required && !IsLocalHost(request.Host))
        {
            await Problems.Write(http, StatusCodes.Status400BadRequest, "unknown host",
                $"this Baton answers only to 127.0.0.1, localhost and [::1], not `{request.Host}`");
            return;
        }

        var path = request.Path;
        if (IsOpen(path))
        {
            await next(http);
            return;
        }

        var holder = Holder(request);
        if (sessions.Required && holder is null)
        {
            if (IsPage(request))
            {
                http.Response.Redirect($"/signin?next={Uri.EscapeDataString(request.Path + request.QueryString)}");
                return;
            }

            http.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.Write(http, StatusCodes.Status401Unauthorized, "token required",
                "send `Authorization: Bearer <token>` (the token is in the variable server.token_env or server.tokens names), or sign in at /signin");
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            if (request.Headers["Sec-Fetch-Site"].FirstOrDefault() is "cross-site" or "same-site")
            {
                await Problems.Write(http, StatusCodes.Status403Forbidden, "cross-site request", "changes are accepted only from Baton's own pages or from scripts");
                return;
            }

            if (!IsJson(request))
            {
                await Problems.Write(http, StatusCodes.Status415UnsupportedMediaType, "JSON required",
                    "send the request with `Content-Type: application/json` (a body of `{}` when there is nothing to say)");
                return;
            }
        }

        http.Items[ActorKey] = Actor.Http(holder ?? "local");
        await next(http);
    }

    private string? Holder(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return sessions.Holder(authorization["Bearer ".Length..].Trim());
        }

        return sessions.SessionHolder(request.Cookies[Sessions.Cookie]);
    }

    private static bool IsOpen(PathString path) =>
        path == "/healthz" || path == "/signin" || path.StartsWithSegments("/assets");

    private static bool IsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api") && request.Path != "/metrics";

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    private static bool IsLocalHost(HostString host) =>
        host.Host is "127.0.0.1" or "localhost" or "[::1]" or "::1";
}
