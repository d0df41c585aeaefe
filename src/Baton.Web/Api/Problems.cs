using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Core.Application;
using Microsoft.AspNetCore.Http;

namespace Baton.Web;

/// <summary>
/// Errors as RFC 7807 problem details (<c>application/problem+json</c>): a title, the status, what to do in
/// <c>detail</c>, and for a bad request every problem, each under the field it names (<c>errors</c>).
/// </summary>
internal static partial class Problems
{
    public static Task Write(HttpContext http, int status, string title, string detail, IReadOnlyList<string>? problems = null)
    {
        var problem = new Problem
        {
            Title = title,
            Status = status,
            Detail = detail,
            Problems = problems is { Count: > 0 } ? problems : null,
            Errors = problems is { Count: > 0 } ? ByField(problems) : null,
        };
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        return JsonSerializer.SerializeAsync(http.Response.Body, problem, WebJson.Api.Problem, http.RequestAborted);
    }

    public static Task Write(HttpContext http, DeskException ex)
    {
        var (status, title) = ex.Kind switch
        {
            DeskErrorKind.Invalid => (StatusCodes.Status400BadRequest, "invalid request"),
            DeskErrorKind.NotFound => (StatusCodes.Status404NotFound, "not found"),
            DeskErrorKind.Conflict => (StatusCodes.Status409Conflict, "conflict"),
            DeskErrorKind.NothingWaiting => (StatusCodes.Status409Conflict, "nothing is waiting"),
            DeskErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "forbidden"),
        };
        return Write(http, status, title, ex.Message, ex.Problems);
    }

    /// <summary>"<c>field: what is wrong</c>" lines grouped by field; a line that names none goes under <c>""</c>.</summary>
    internal static Dictionary<string, List<string>> ByField(IReadOnlyList<string> problems)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in problems)
        {
            var match = FieldPrefix().Match(line);
            var (field, message) = match.Success ? (match.Groups[1].Value, line[match.Length..]) : ("", line);
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        return errors;
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_.\[\]]*): ")]
    private static partial Regex FieldPrefix();
}

/// <summary>The body of an error answer (RFC 7807).</summary>
public sealed record Problem
{
    public string Type { get; init; } = "about:blank";
    public required string Title { get; init; }
    public required int Status { get; init; }
    public required string Detail { get; init; }
    public IReadOnlyList<string>? Problems { get; init; }
    public Dictionary<string, List<string>>? Errors { get; init; }
}
