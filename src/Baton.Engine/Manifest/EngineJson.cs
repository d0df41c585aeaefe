using System.Text.Json.Serialization;
using Baton.Core.Text;

namespace Baton.Engine.Manifest;

/// <summary>Source-generated JSON for the engine's documents (<c>manifest.json</c>, <c>result.json</c>), with Baton's settings.</summary>
[JsonSerializable(typeof(RunManifestDocument))]
[JsonSerializable(typeof(RunResultDocument))]
public sealed partial class EngineJson : JsonSerializerContext
{
    /// <summary>Indented, as the run files are meant to be read by people too.</summary>
    public static EngineJson Files { get; } = new(BatonJson.NewOptions(indented: true));
}
