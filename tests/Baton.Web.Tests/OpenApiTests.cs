using System.Text.Json.Nodes;

namespace Baton.Web.Tests;

/// <summary>The OpenAPI document describes exactly the API the server maps: no route missing, none described that is not there.</summary>
public sealed class OpenApiTests
{
    private static readonly string[] Pages = ["GET /", "GET /assets/{*path}", "GET /signin", "POST /signin", "POST /signout"];

    [Fact]
    public async Task Every_route_is_in_the_document_and_every_documented_route_is_served()
    {
        await using var web = await WebHarness.StartAsync(work: false);

        var doc = JsonNode.Parse(await web.Client.GetStringAsync("/api/v1/openapi.json"))!;

        doc["openapi"]!.GetValue<string>().ShouldStartWith("3.");
        var documented = doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}"))
            .Order(StringComparer.Ordinal).ToList();
        var served = web.Server.Routes.Except(Pages).Order(StringComparer.Ordinal).ToList();
        served.ShouldBe(documented);
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                operation!["responses"]!.AsObject().Count.ShouldBeGreaterThan(0, $"{method} {path}");
                operation["summary"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
            }
        }
    }
}
