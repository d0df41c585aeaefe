using System.Text.Json.Nodes;

namespace Baton.ModelServer;

/// <summary>
/// One request as the server received it. <paramref name="Path"/> has no query string; header names are lower case.
/// <paramref name="Protocol"/> is null for HEAD, model lists and unknown routes; <paramref name="Normalized"/> is set
/// only for model turns (not for token counts) whose body parsed.
/// </summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    JsonNode? Body,
    WireProtocol? Protocol,
    ModelRequest? Normalized);
