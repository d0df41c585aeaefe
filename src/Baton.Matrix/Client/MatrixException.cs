using System.Net;

namespace Baton.Matrix.Client;

/// <summary>A homeserver said no: the HTTP status, the Matrix <c>errcode</c> and its message.</summary>
public sealed class MatrixException(HttpStatusCode status, string errorCode, string error, TimeSpan? retryAfter = null)
    : Exception($"{(int)status} {errorCode}: {error}")
{
    public HttpStatusCode Status { get; } = status;
    public string ErrorCode { get; } = errorCode;
    public string Error { get; } = error;
    /// <summary>When a rate limit (<c>M_LIMIT_EXCEEDED</c>) says to try again.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsRateLimit => ErrorCode == "M_LIMIT_EXCEEDED" || Status == HttpStatusCode.TooManyRequests;

    public bool IsUnknownToken => ErrorCode == "M_UNKNOWN_TOKEN";

    public bool IsNotFound => Status == HttpStatusCode.NotFound || ErrorCode == "M_NOT_FOUND";

    /// <summary>The server may succeed later (5xx); 4xx other than a rate limit will not change by retrying.</summary>
    public bool IsTransient => IsRateLimit || (int)Status >= 500;
}
