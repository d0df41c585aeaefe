using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Baton.Testing.Synapse;

/// <summary>
/// A person in the tests, talking plain HTTP to the homeserver (independent of Baton's own client): sends messages,
/// joins rooms, and keeps every event its <c>/sync</c> has seen so tests can wait for what the bot did.
/// </summary>
public sealed class MatrixTestUser(SynapseServer server, string userId, string accessToken, string password)
{
    private readonly Dictionary<string, List<JsonObject>> _timeline = new(StringComparer.Ordinal);
    private readonly HashSet<string> _invites = new(StringComparer.Ordinal);
    private readonly List<(string Room, List<string> Users)> _typing = [];
    private readonly SemaphoreSlim _syncLock = new(1, 1);
    private const string TimelineFilter = "{\"room\":{\"timeline\":{\"limit\":1000}}}";
    private string? _since;
    private int _txn;

    public string UserId { get; } = userId;
    public string AccessToken { get; } = accessToken;
    public string Password { get; } = password;
    public string Localpart => UserId[1..UserId.IndexOf(':', StringComparison.Ordinal)];

    public async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(server.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        if (body is not null)
        {
            request.Content = SynapseServer.Json(body);
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} → {(int)response.StatusCode} {text}", null, response.StatusCode);
        }

        return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    public async Task<string> SendTextAsync(string roomId, string body, JsonObject? extra = null)
    {
        var content = new JsonObject { ["msgtype"] = "m.text", ["body"] = body };
        foreach (var (key, value) in extra ?? [])
        {
            content[key] = value?.DeepClone();
        }

        return await SendEventAsync(roomId, "m.room.message", content);
    }

    public async Task<string> SendEventAsync(string roomId, string type, JsonObject content)
    {
        var txn = $"t{Environment.TickCount64}-{Interlocked.Increment(ref _txn)}";
        var response = await SendAsync(HttpMethod.Put, $"_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/send/{type}/{txn}", content);
        return response["event_id"]!.GetValue<string>();
    }

    public async Task<string> JoinAsync(string roomIdOrAlias) =>
        (await SendAsync(HttpMethod.Post, $"_matrix/client/v3/join/{Uri.EscapeDataString(roomIdOrAlias)}", new JsonObject()))["room_id"]!.GetValue<string>();

    public async Task<string> CreateRoomAsync(JsonObject request) =>
        (await SendAsync(HttpMethod.Post, "_matrix/client/v3/createRoom", request))["room_id"]!.GetValue<string>();

    public async Task<string?> ResolveAliasAsync(string alias)
    {
        try
        {
            return (await SendAsync(HttpMethod.Get, $"_matrix/client/v3/directory/room/{Uri.EscapeDataString(alias)}", null))["room_id"]?.GetValue<string>();
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<JsonObject?> StateAsync(string roomId, string type, string stateKey = "")
    {
        try
        {
            return await SendAsync(HttpMethod.Get, $"_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/state/{type}/{Uri.EscapeDataString(stateKey)}", null);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Every state event of a room.</summary>
    public async Task<IReadOnlyList<JsonObject>> FullStateAsync(string roomId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUrl, $"_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/state"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        using var response = await server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    public async Task<IReadOnlyList<string>> JoinedRoomsAsync() =>
        ((await SendAsync(HttpMethod.Get, "_matrix/client/v3/joined_rooms", null))["joined_rooms"] as JsonArray ?? [])
            .Select(n => n!.GetValue<string>()).ToList();

    /// <summary>One <c>/sync</c> (waiting up to <paramref name="wait"/> for news); remembers timelines and invites.</summary>
    public async Task SyncOnceAsync(TimeSpan wait)
    {
        await _syncLock.WaitAsync();
        try
        {
            // A long timeline so a test that syncs late still sees everything (the default is 10 events).
            var query = $"timeout={(long)wait.TotalMilliseconds}&filter={Uri.EscapeDataString(TimelineFilter)}" + (_since is null ? "" : $"&since={Uri.EscapeDataString(_since)}");
            var json = await SendAsync(HttpMethod.Get, $"_matrix/client/v3/sync?{query}", null);
            _since = json["next_batch"]!.GetValue<string>();
            foreach (var (roomId, room) in json["rooms"]?["join"] as JsonObject ?? [])
            {
                var list = Timeline(roomId);
                foreach (var typing in (room?["ephemeral"]?["events"] as JsonArray ?? []).OfType<JsonObject>().Where(e => (string?)e["type"] == "m.typing"))
                {
                    lock (_typing)
                    {
                        _typing.Add((roomId, (typing["content"]?["user_ids"] as JsonArray ?? []).Select(u => (string)u!).ToList()));
                    }
                }

                lock (_timeline)
                {
                    list.AddRange((room?["timeline"]?["events"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (JsonObject)e.DeepClone()));
                }
            }

            foreach (var (roomId, _) in json["rooms"]?["invite"] as JsonObject ?? [])
            {
                _invites.Add(roomId);
            }
        }
        finally
        {
            _syncLock.Release();
        }
    }

    /// <summary>
    /// Who is typing in the room now, from a fresh initial <c>/sync</c>: an incremental sync only carries typing that
    /// changed after its token, so a user who joins while the bot already types would never see it that way.
    /// Synapse caches a sync response by its parameters for a while, so each call's filter carries a fresh no-op type.
    /// </summary>
    public async Task<IReadOnlyList<string>> TypingNowAsync(string roomId)
    {
        var filter = Uri.EscapeDataString("{\"room\":{\"rooms\":[" + System.Text.Json.JsonSerializer.Serialize(roomId) + "],\"timeline\":{\"limit\":1,\"not_types\":[\"x.nonce." + Interlocked.Increment(ref _txn) + "\"]},\"state\":{\"lazy_load_members\":true}}}");
        var json = await SendAsync(HttpMethod.Get, $"_matrix/client/v3/sync?timeout=0&filter={filter}", null);
        var ephemeral = json["rooms"]?["join"]?[roomId]?["ephemeral"]?["events"] as JsonArray ?? [];
        return ephemeral.OfType<JsonObject>().Where(e => (string?)e["type"] == "m.typing")
            .SelectMany(e => (e["content"]?["user_ids"] as JsonArray ?? []).Select(u => (string)u!)).ToList();
    }

    /// <summary>
    /// Every event of the room this user may see, oldest first, read page by page with <c>/messages</c> (the server's
    /// record, not what <c>/sync</c> happened to deliver).
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> MessagesAsync(string roomId)
    {
        var events = new List<JsonObject>();
        string? from = null;
        for (var page = 0; page < 100; page++)
        {
            var query = "dir=f&limit=500" + (from is null ? "" : $"&from={Uri.EscapeDataString(from)}");
            var json = await SendAsync(HttpMethod.Get, $"_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/messages?{query}", null);
            var chunk = (json["chunk"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            events.AddRange(chunk.Select(e => (JsonObject)e.DeepClone()));
            from = (string?)json["end"];
            if (chunk.Count == 0 || from is null)
            {
                return events;
            }
        }

        throw new InvalidOperationException($"{roomId} has more than 100 pages of events");
    }

    public IReadOnlyList<JsonObject> EventsIn(string roomId)
    {
        lock (_timeline)
        {
            return [.. Timeline(roomId)];
        }
    }

    public IReadOnlyCollection<string> Invites => _invites;

    /// <summary>Each <c>m.typing</c> update seen in the room: who was typing then, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> TypingIn(string roomId)
    {
        lock (_typing)
        {
            return _typing.Where(t => t.Room == roomId).Select(t => (IReadOnlyList<string>)t.Users).ToList();
        }
    }

    /// <summary>Syncs until an event in the room matches, or fails after <paramref name="timeout"/> saying what was seen.</summary>
    public async Task<JsonObject> WaitForEventAsync(string roomId, Func<JsonObject, bool> match, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (EventsIn(roomId).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                var seen = string.Join("\n", EventsIn(roomId).Select(e => $"{e["type"]} {e["sender"]} {e["content"]?.ToJsonString()}").TakeLast(30));
                throw new TimeoutException($"{UserId} saw no {what ?? "matching event"} in {roomId}; last events:\n{seen}");
            }

            await SyncOnceAsync(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Syncs until invited to a room that matches (by id), or fails after the timeout.</summary>
    public async Task<string> WaitForInviteAsync(Func<string, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_invites.FirstOrDefault(match ?? (_ => true)) is { } room)
            {
                return room;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{UserId} got no invite");
            }

            await SyncOnceAsync(TimeSpan.FromSeconds(1));
        }
    }

    private List<JsonObject> Timeline(string roomId)
    {
        lock (_timeline)
        {
            if (!_timeline.TryGetValue(roomId, out var list))
            {
                list = [];
                _timeline[roomId] = list;
            }

            return list;
        }
    }
}
