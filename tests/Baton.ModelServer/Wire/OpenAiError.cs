namespace Baton.ModelServer.Wire;

/// <summary>The OpenAI error body, shared by Responses and Chat Completions.</summary>
internal static class OpenAiError
{
    public static object Body(int status, string message) => new
    {
        error = new
        {
            message,
            type = status switch
            {
                401 => "invalid_request_error",
                429 => "rate_limit_error",
                >= 500 => "server_error",
                _ => "invalid_request_error",
            },
            param = (string?)null,
            code = status switch
            {
                401 => "invalid_api_key",
                429 => "rate_limit_exceeded",
                _ => (string?)null,
            },
        },
    };
}
