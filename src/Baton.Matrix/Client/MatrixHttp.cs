using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Matrix.Client;

/// <summary>
/// One request to the homeserver with Matrix's error shape, rate limits and retries. Every request either returns the
/// response body or throws <see cref="MatrixException"/> (the server refused) or <see cref="HttpRequestException"/> (unreachable).
/// </summary>
internal sealed class MatrixHttp(HttpClient http, Uri homeserver, RetryPolicy retry)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>JSON as short as it can be: &lt; &gt; &amp; and non-ASCII are sent as they are (a request body is not HTML).</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string? AccessToken { get; set; }

    /// <summary>Called when the server forgot our token; returns true when a fresh one is in <see cref="AccessToken"/>.</summary>
    public Func<CancellationToken, Task<bool>>? Relogin { get; set; }

    /// <summary>Requests retried after a rate limit, for tests and the benchmark.</summary>
    public int RateLimited;

    /// <param name="repeatable">Safe to send twice (GET, PUT with a transaction id): retried after server errors and lost connections.</param>
    public async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body, bool repeatable, CancellationToken ct, TimeSpan? timeout = null)
    {
        var relogged = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(method, path, body, timeout ?? DefaultTimeout, ct);
            }
            catch (MatrixException ex) when (ex.IsUnknownToken && !relogged && Relogin is { } relogin && AccessToken is not null)
            {
                relogged = true;
                if (!await relogin(ct))
                {
                    throw;
                }
            }
            catch (MatrixException ex) when (ex.IsRateLimit && attempt < retry.MaxAttempts)
            {
                Interlocked.Increment(ref RateLimited);
                await Task.Delay(retry.RateLimitWait(ex.RetryAfter, attempt), ct);
            }
            catch (Exception ex) when (repeatable && attempt < retry.MaxAttempts && IsTransient(ex, ct))
            {
                await Task.Delay(retry.Backoff(attempt), ct);
            }
        }
    }

    private static bool IsTransient(Exception ex, CancellationToken ct) => ex switch
    {
        MatrixException m => m.IsTransient,
        HttpRequestException => true,
        TaskCanceledException or OperationCanceledException => !ct.IsCancellationRequested,
        _ => false,
    };

    private async Task<JsonObject> SendOnceAsync(HttpMethod method, string path, JsonNode? body, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(homeserver, path));
        if (AccessToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null || method == HttpMethod.Post || method == HttpMethod.Put)
        {
            request.Content = new StringContent((body ?? new JsonObject()).ToJsonString(Compact), Encoding.UTF8, "application/json");
        }

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeoutCts.Token);
        var text = await response.Content.ReadAsStringAsync(timeoutCts.Token);
        var json = Parse(text);
        if (response.IsSuccessStatusCode)
        {
            return json ?? [];
        }

        throw Error(response, json, text);
    }

    private static JsonObject? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static MatrixException Error(HttpResponseMessage response, JsonObject? json, string text)
    {
        var code = json?["errcode"]?.GetValue<string>() ?? $"HTTP_{(int)response.StatusCode}";
        var message = json?["error"]?.GetValue<string>() ?? (text.Length > 200 ? text[..200] : text);
        return new MatrixException(response.StatusCode, code, message, RetryAfter(response, json));
    }

    /// <summary><c>Retry-After</c> (seconds or a date) wins over the deprecated <c>retry_after_ms</c>.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, JsonObject? json)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                return date - DateTimeOffset.UtcNow;
            }
        }

        if (json?["retry_after_ms"] is JsonValue ms && ms.TryGetValue<long>(out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return response.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(1) : null;
    }

    public static string Escape(string segment) => Uri.EscapeDataString(segment);

    public static string Query(params (string Name, string? Value)[] pairs) =>
        string.Join('&', pairs.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    public static string Ms(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
