using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Baton.ModelServer.Wire;

/// <summary>Answers one recorded request: model turns through the script, the rest (HEAD, lists, counts) directly.</summary>
internal sealed class Responder(ModelScript script, Route route, JsonNode? body, ModelRequest? request)
{
    private static readonly string[] ModelNames = ["scripted-model", "gpt-5.5", "claude-sonnet-4-5", "gemini-2.5-flash"];

    public async Task RespondAsync(HttpContext context, CancellationToken ct)
    {
        var response = context.Response;
        switch (route.Kind)
        {
            case RouteKind.Head:
                response.StatusCode = StatusCodes.Status200OK;
                return;
            case RouteKind.Models:
                await WireJson.WriteAsync(response, StatusCodes.Status200OK, ModelList(), ct);
                return;
            case RouteKind.CountTokens:
                object count = route.Protocol == WireProtocol.Gemini
                    ? new { totalTokens = ReplyContext.InputTokens }
                    : new { input_tokens = ReplyContext.InputTokens };
                await WireJson.WriteAsync(response, StatusCodes.Status200OK, count, ct);
                return;
            case RouteKind.Unknown:
                var message = $"the scripted model server has no route for {context.Request.Method} {context.Request.Path}";
                await WireJson.WriteAsync(response, StatusCodes.Status404NotFound, new { error = new { message, type = "not_found" } }, ct);
                return;
            case RouteKind.Turn:
                await TurnAsync(response, ct);
                return;
        }
    }

    private async Task TurnAsync(HttpResponse response, CancellationToken ct)
    {
        var writer = Writer(route.Protocol);
        if (body is null || request is null)
        {
            await writer.WriteErrorAsync(response, StatusCodes.Status400BadRequest, "the request body is not JSON", ct);
            return;
        }

        Outgoing outgoing;
        try
        {
            outgoing = ReplyPlanner.Plan(script.Decide(request), request);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outgoing = new Outgoing.Failure(StatusCodes.Status500InternalServerError, $"the model script threw {e.GetType().Name}: {e.Message}");
        }

        switch (outgoing)
        {
            case Outgoing.Hold:
                await Task.Delay(Timeout.Infinite, ct);
                return;
            case Outgoing.Failure failure:
                await writer.WriteErrorAsync(response, failure.Status, failure.Message, ct);
                return;
            default:
                var stream = route.Protocol == WireProtocol.Gemini ? route.GeminiStreaming : body["stream"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
                var model = request.Model.Length > 0 ? request.Model : "scripted-model";
                await writer.WriteAsync(response, outgoing, new ReplyContext(model, stream, script.UsageDelay), ct);
                return;
        }
    }

    private static IWireWriter Writer(WireProtocol? protocol) => protocol switch
    {
        WireProtocol.Responses => new ResponsesWriter(),
        WireProtocol.ChatCompletions => new ChatWriter(),
        WireProtocol.AnthropicMessages => new AnthropicWriter(),
        WireProtocol.Gemini => new GeminiWriter(),
        null => throw new ArgumentException("not a model turn", nameof(protocol)),
    };

    // One body that satisfies the OpenAI (data/object), Anthropic (data/has_more) and Gemini (models) list shapes.
    private static object ModelList() => new
    {
        @object = "list",
        data = ModelNames.Select(id => new { id, @object = "model", type = "model", display_name = id, created = 0, owned_by = "scripted" }).ToArray(),
        has_more = false,
        models = ModelNames.Select(id => new { name = $"models/{id}", displayName = id, supportedGenerationMethods = new[] { "generateContent", "streamGenerateContent" } }).ToArray(),
    };
}
