using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Baton.ModelServer;

namespace Baton.Agents.Tests.ModelServer;

/// <summary>A fresh scripted server per test and a plain HttpClient that talks to it.</summary>
public abstract class ModelServerFixture : IAsyncLifetime
{
    private ScriptedModelServer? server;

    protected ScriptedModelServer Server => server ?? throw new InvalidOperationException("not started");

    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync() => server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    protected async Task<(int Status, string Body, string? ContentType)> PostAsync(string path, string json, CancellationToken ct = default)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync(new Uri(Server.BaseUrl, path), content, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct), response.Content.Headers.ContentType?.MediaType);
    }

    protected async Task<IReadOnlyList<SseEvent>> StreamAsync(string path, string json)
    {
        var (status, body, contentType) = await PostAsync(path, json);
        status.ShouldBe(200, body);
        contentType.ShouldBe("text/event-stream");
        return SseEvent.Parse(body);
    }

    protected static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
