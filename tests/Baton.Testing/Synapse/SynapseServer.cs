using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Baton.Testing.Synapse;

/// <summary>
/// A fresh, real Synapse homeserver on a free 127.0.0.1 port (via <c>scripts/synapse</c>, which the README's test command
/// installs). Users are registered with the shared secret. A missing install fails the test with what to run; it never skips.
/// </summary>
public sealed class SynapseServer : IAsyncDisposable
{
    private const string SharedSecret = "baton-test-secret";
    private static int _counter;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private SynapseServer(string name, int port)
    {
        Name = name;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseUrl { get; }
    public string ServerName => "localhost";
    public int? Pid { get; private set; }

    public static async Task<SynapseServer> StartAsync()
    {
        var name = $"t-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";
        var server = new SynapseServer(name, FreePorts.Next());
        await server.RunScriptStartAsync(keep: false);
        return server;
    }

    /// <summary>Stops the server and starts it again on the same port with the same database.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await RunScriptStartAsync(keep: true);
    }

    public async Task StopAsync()
    {
        await Script("stop", Name);
        Pid = null;
    }

    /// <summary>Registers a user with the shared secret (works with registration closed) and logs it in.</summary>
    public async Task<MatrixTestUser> RegisterAsync(string localpart, string password = "pass-word-1", bool admin = false)
    {
        var nonce = (await GetJsonAsync("_synapse/admin/v1/register"))["nonce"]!.GetValue<string>();
        var mac = Mac(nonce, localpart, password, admin);
        var body = new JsonObject { ["nonce"] = nonce, ["username"] = localpart, ["password"] = password, ["admin"] = admin, ["mac"] = mac };
        using var response = await _http.PostAsync(new Uri(BaseUrl, "_synapse/admin/v1/register"), Json(body));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"registering {localpart} failed: {(int)response.StatusCode} {text}");
        }

        var json = JsonNode.Parse(text)!;
        return new MatrixTestUser(this, json["user_id"]!.GetValue<string>(), json["access_token"]!.GetValue<string>(), password);
    }

    /// <summary>Sets a user's own message rate limit (admin API); (0, 0) exempts them.</summary>
    public async Task OverrideRateLimitAsync(MatrixTestUser admin, string userId, int perSecond, int burst)
    {
        var body = new JsonObject { ["messages_per_second"] = perSecond, ["burst_count"] = burst };
        await admin.SendAsync(HttpMethod.Post, $"_synapse/admin/v1/users/{Uri.EscapeDataString(userId)}/override_ratelimit", body);
    }

    public async Task RemoveRateLimitOverrideAsync(MatrixTestUser admin, string userId) =>
        await admin.SendAsync(HttpMethod.Delete, $"_synapse/admin/v1/users/{Uri.EscapeDataString(userId)}/override_ratelimit", null);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _http.Dispose();
            var dir = Path.Combine(Root(), "srv", Name);
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    public static string Root() => Environment.GetEnvironmentVariable("BATON_SYNAPSE_ROOT") ?? "/var/tmp/baton-synapse/root";

    internal HttpClient Http => _http;

    private async Task RunScriptStartAsync(bool keep)
    {
        if (!File.Exists(Path.Combine(Root(), ".installed")))
        {
            throw new InvalidOperationException("Synapse is not installed for the tests; run scripts/synapse install (./run-tests does)");
        }

        var output = keep ? await Script("start", Name, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--keep")
            : await Script("start", Name, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Pid = int.Parse(output.Trim().Split('\n')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task<string> Script(params string[] args) => Scripts.RunAsync("synapse", args);

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        var text = await _http.GetStringAsync(new Uri(BaseUrl, path));
        return JsonNode.Parse(text)!;
    }

    private static string Mac(string nonce, string user, string password, bool admin)
    {
        var message = Encoding.UTF8.GetBytes($"{nonce}\0{user}\0{password}\0{(admin ? "admin" : "notadmin")}");
#pragma warning disable CA5350 // Synapse's shared-secret registration is defined over HMAC-SHA1.
        return Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(SharedSecret), message));
#pragma warning restore CA5350
    }

    internal static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

}
