using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Baton.Core.Events;

/// <summary>Maps <see cref="EventType"/> to and from its dotted wire name without going through a serializer.</summary>
public static class EventTypeNames
{
    private static readonly FrozenDictionary<EventType, string> ToName = Enum.GetValues<EventType>()
        .ToFrozenDictionary(t => t, t => typeof(EventType).GetField(t.ToString())!
            .GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);

    private static readonly FrozenDictionary<string, EventType> FromName =
        ToName.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string Name(this EventType type) => ToName[type];

    public static bool TryParse(string name, out EventType type) => FromName.TryGetValue(name, out type);
}
