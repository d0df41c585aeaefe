using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Core.Text;

/// <summary>An enum as its snake_case wire name (<c>needs_input</c>), without reflection: safe ahead of time.</summary>
public sealed class SnakeCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
