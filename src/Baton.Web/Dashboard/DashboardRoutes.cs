using System.Text.Encodings.Web;
using Baton.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web.Dashboard;

/// <summary>
/// The dashboard at <c>/</c> (one page; its views are <c>#/</c> and <c>#/runs/ID</c>), its embedded assets, and the
/// sign-in page where a browser exchanges a token once for an HTTP-only, same-site session cookie.
/// </summary>
internal sealed class DashboardRoutes(Sessions sessions)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", http => Assets.ServeAsync(http, "assets/index.html"));
        app.MapGet("/assets/{*path}", http => Assets.ServeAsync(http, $"assets/{http.Request.RouteValues["path"]}"));
        app.MapGet("/signin", http => SignInPageAsync(http, null));
        app.MapPost("/signin", SignInAsync);
        app.MapPost("/signout", SignOutAsync);
    }

    private async Task SignInAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            await SignInPageAsync(http, "send the sign-in form");
            return;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (sessions.Holder(form["token"].FirstOrDefault()) is not { } holder)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await SignInPageAsync(http, "that token is not one this Baton accepts");
            return;
        }

        http.Response.Cookies.Append(Sessions.Cookie, sessions.Open(holder), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
        });
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = SafeNext(form["next"].FirstOrDefault());
    }

    private Task SignOutAsync(HttpContext http)
    {
        sessions.Close(http.Request.Cookies[Sessions.Cookie]);
        http.Response.Cookies.Delete(Sessions.Cookie, new CookieOptions { Path = "/" });
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>Only a path on this site: never another origin (<c>//host</c>, <c>https://…</c>).</summary>
    internal static string SafeNext(string? next) =>
        next is { Length: > 0 } && next[0] == '/' && !next.StartsWith("//", StringComparison.Ordinal) && !next.Contains('\\', StringComparison.Ordinal)
            ? next
            : "/";

    private static Task SignInPageAsync(HttpContext http, string? error)
    {
        var next = HtmlEncoder.Default.Encode(SafeNext(http.Request.Query["next"].FirstOrDefault()));
        var message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{HtmlEncoder.Default.Encode(error)}</p>";
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>Sign in · Baton</title><link rel="stylesheet" href="/assets/app.css"></head>
            <body class="signin"><main><h1>Baton</h1>
            <form method="post" action="/signin">
            <label for="token">Token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
            <input type="hidden" name="next" value="{{next}}">
            <button type="submit">Sign in</button>
            {{message}}
            <p class="hint">The token is in the environment variable <code>server.token_env</code> (or <code>server.tokens</code>) names.</p>
            </form></main></body></html>
            """, http.RequestAborted);
    }
}
