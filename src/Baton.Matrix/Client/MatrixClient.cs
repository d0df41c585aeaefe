using System.Text.Json.Nodes;

namespace Baton.Matrix.Client;

/// <summary>
/// The slice of the Matrix Client-Server API Baton needs, over <see cref="HttpClient"/>. Holds the access token in
/// memory only; logs in again with the same device id when the server forgets it.
/// </summary>
public sealed class MatrixClient : IDisposable
{
    private const string V3 = "_matrix/client/v3/";
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly MatrixHttp _api;
    private readonly MatrixLogin _login;

    public MatrixClient(Uri homeserver, MatrixLogin login, RetryPolicy? retry = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(homeserver);
        _login = login ?? throw new ArgumentNullException(nameof(login));
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var root = homeserver.AbsoluteUri.EndsWith('/') ? homeserver : new Uri(homeserver.AbsoluteUri + "/");
        _api = new MatrixHttp(_http, root, retry ?? RetryPolicy.Default) { AccessToken = login.AccessToken?.Reveal() };
        if (login.Password is not null)
        {
            _api.Relogin = async ct =>
            {
                await LoginAsync(ct);
                return true;
            };
        }
    }

    public string UserId => _login.UserId;

    public string DeviceId => _login.DeviceId;

    /// <summary>Requests that waited out a rate limit and were sent again.</summary>
    public int RateLimitedRequests => _api.RateLimited;

    /// <summary>Logs in with the password (when there is no token yet), then checks who we are.</summary>
    public async Task ConnectAsync(CancellationToken ct)
    {
        if (_api.AccessToken is null)
        {
            await LoginAsync(ct);
        }

        var me = await _api.SendAsync(HttpMethod.Get, V3 + "account/whoami", null, true, ct);
        var who = me["user_id"]?.GetValue<string>();
        if (who != _login.UserId)
        {
            throw new MatrixException(System.Net.HttpStatusCode.Forbidden, "BATON_WRONG_USER",
                $"the access token belongs to {who}, but matrix.user_id is {_login.UserId}; use a token of {_login.UserId}");
        }
    }

    public async Task LoginAsync(CancellationToken ct)
    {
        if (_login.Password is not { } password)
        {
            throw new MatrixException(System.Net.HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN",
                "the homeserver refused the access token; set a fresh one, or use password_env so Baton can log in again");
        }

        _api.AccessToken = null;
        var body = new JsonObject
        {
            ["type"] = "m.login.password",
            ["identifier"] = new JsonObject { ["type"] = "m.id.user", ["user"] = _login.Localpart },
            ["password"] = password.Reveal(),
            ["device_id"] = _login.DeviceId,
            ["initial_device_display_name"] = "Baton",
        };
        var response = await _api.SendAsync(HttpMethod.Post, V3 + "login", body, false, ct);
        _api.AccessToken = response["access_token"]?.GetValue<string>() ?? throw new InvalidDataException("the login response has no access_token");
    }

    public async Task<string> UploadFilterAsync(JsonObject filter, CancellationToken ct)
    {
        var response = await _api.SendAsync(HttpMethod.Post, $"{V3}user/{MatrixHttp.Escape(UserId)}/filter", filter, false, ct);
        return response["filter_id"]!.GetValue<string>();
    }

    public async Task<SyncBatch> SyncAsync(string? since, string? filter, TimeSpan timeout, CancellationToken ct)
    {
        var query = MatrixHttp.Query(("since", since), ("filter", filter), ("timeout", MatrixHttp.Ms(timeout)));
        var json = await _api.SendAsync(HttpMethod.Get, $"{V3}sync?{query}", null, false, ct, timeout + TimeSpan.FromSeconds(15));
        return SyncBatch.Parse(json);
    }

    /// <summary>Room messages from <paramref name="from"/> (oldest first with <c>dir=f</c>) up to <paramref name="to"/>.</summary>
    public async Task<(IReadOnlyList<MatrixEvent> Events, string? End)> MessagesAsync(string roomId, string? from, string? to, string dir, int limit, CancellationToken ct)
    {
        var query = MatrixHttp.Query(("from", from), ("to", to), ("dir", dir), ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var json = await _api.SendAsync(HttpMethod.Get, $"{V3}rooms/{MatrixHttp.Escape(roomId)}/messages?{query}", null, true, ct);
        return (SyncBatch.Events(json["chunk"], roomId).ToList(), json["end"]?.GetValue<string>());
    }

    /// <summary>Sends a room event; the same <paramref name="txnId"/> sent again returns the first event (the server dedupes).</summary>
    public async Task<string> SendAsync(string roomId, string eventType, string txnId, JsonObject content, CancellationToken ct)
    {
        var path = $"{V3}rooms/{MatrixHttp.Escape(roomId)}/send/{MatrixHttp.Escape(eventType)}/{MatrixHttp.Escape(txnId)}";
        var response = await _api.SendAsync(HttpMethod.Put, path, content, true, ct);
        return response["event_id"]!.GetValue<string>();
    }

    public async Task<string> SetStateAsync(string roomId, string eventType, string stateKey, JsonObject content, CancellationToken ct)
    {
        var path = $"{V3}rooms/{MatrixHttp.Escape(roomId)}/state/{MatrixHttp.Escape(eventType)}/{MatrixHttp.Escape(stateKey)}";
        var response = await _api.SendAsync(HttpMethod.Put, path, content, true, ct);
        return response["event_id"]?.GetValue<string>() ?? "";
    }

    /// <summary>The content of one state event, or null when the room has none.</summary>
    public async Task<JsonObject?> GetStateAsync(string roomId, string eventType, string stateKey, CancellationToken ct)
    {
        try
        {
            var path = $"{V3}rooms/{MatrixHttp.Escape(roomId)}/state/{MatrixHttp.Escape(eventType)}/{MatrixHttp.Escape(stateKey)}";
            return await _api.SendAsync(HttpMethod.Get, path, null, true, ct);
        }
        catch (MatrixException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    public async Task<string> CreateRoomAsync(JsonObject request, CancellationToken ct)
    {
        var response = await _api.SendAsync(HttpMethod.Post, V3 + "createRoom", request, false, ct);
        return response["room_id"]!.GetValue<string>();
    }

    /// <summary>The room an alias points at, or null when the alias is free.</summary>
    public async Task<string?> ResolveAliasAsync(string alias, CancellationToken ct)
    {
        try
        {
            var response = await _api.SendAsync(HttpMethod.Get, $"{V3}directory/room/{MatrixHttp.Escape(alias)}", null, true, ct);
            return response["room_id"]?.GetValue<string>();
        }
        catch (MatrixException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Removes an alias from the directory (only its creator or a room admin may).</summary>
    public Task DeleteAliasAsync(string alias, CancellationToken ct) =>
        _api.SendAsync(HttpMethod.Delete, $"{V3}directory/room/{MatrixHttp.Escape(alias)}", null, true, ct);

    public Task InviteAsync(string roomId, string userId, CancellationToken ct) =>
        _api.SendAsync(HttpMethod.Post, $"{V3}rooms/{MatrixHttp.Escape(roomId)}/invite", new JsonObject { ["user_id"] = userId }, false, ct);

    public async Task<string> JoinAsync(string roomIdOrAlias, CancellationToken ct)
    {
        var response = await _api.SendAsync(HttpMethod.Post, $"{V3}join/{MatrixHttp.Escape(roomIdOrAlias)}", new JsonObject(), true, ct);
        return response["room_id"]!.GetValue<string>();
    }

    public Task LeaveAsync(string roomId, CancellationToken ct) =>
        _api.SendAsync(HttpMethod.Post, $"{V3}rooms/{MatrixHttp.Escape(roomId)}/leave", new JsonObject(), true, ct);

    public Task ForgetAsync(string roomId, CancellationToken ct) =>
        _api.SendAsync(HttpMethod.Post, $"{V3}rooms/{MatrixHttp.Escape(roomId)}/forget", new JsonObject(), true, ct);

    public async Task<IReadOnlyList<string>> JoinedRoomsAsync(CancellationToken ct)
    {
        var response = await _api.SendAsync(HttpMethod.Get, V3 + "joined_rooms", null, true, ct);
        return (response["joined_rooms"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();
    }

    public async Task<IReadOnlyList<string>> JoinedMembersAsync(string roomId, CancellationToken ct)
    {
        var response = await _api.SendAsync(HttpMethod.Get, $"{V3}rooms/{MatrixHttp.Escape(roomId)}/joined_members", null, true, ct);
        return (response["joined"] as JsonObject ?? []).Select(p => p.Key).ToList();
    }

    /// <summary>All members with their membership (join, invite, leave, ban).</summary>
    public async Task<IReadOnlyDictionary<string, string>> MembershipsAsync(string roomId, CancellationToken ct)
    {
        var response = await _api.SendAsync(HttpMethod.Get, $"{V3}rooms/{MatrixHttp.Escape(roomId)}/members", null, true, ct);
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in (response["chunk"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (e["state_key"]?.GetValue<string>() is { } user && e["content"]?["membership"]?.GetValue<string>() is { } membership)
            {
                members[user] = membership;
            }
        }

        return members;
    }

    public Task TypingAsync(string roomId, bool typing, TimeSpan timeout, CancellationToken ct)
    {
        var body = new JsonObject { ["typing"] = typing };
        if (typing)
        {
            body["timeout"] = (long)timeout.TotalMilliseconds;
        }

        return _api.SendAsync(HttpMethod.Put, $"{V3}rooms/{MatrixHttp.Escape(roomId)}/typing/{MatrixHttp.Escape(UserId)}", body, true, ct);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
