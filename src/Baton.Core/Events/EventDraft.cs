using System.Text.Json.Nodes;

namespace Baton.Core.Events;

/// <summary>An event before the journal gives it a sequence number and a timestamp.</summary>
public sealed record EventDraft(EventType Type, string? Stage, JsonObject Data);
