using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Baton.ModelServer;
using Baton.Testing;
using Baton.Testing.Synapse;

namespace Baton.EndToEnd.Tests.Matrix;

/// <summary>
/// A project served over Matrix: a bot account and two people (alice allowed, bob not) on the real Synapse, a baton.yaml
/// whose agent is a real agent CLI against the scripted model server, and the real <c>baton serve</c> process.
/// </summary>
internal sealed class MatrixServe : IAsyncDisposable
{
    public const string PasswordVariable = "BATON_E2E_MATRIX_PASSWORD";
    private readonly StringBuilder _log = new();
    private Process? _baton;

    private MatrixServe(SynapseServer synapse, ScriptedModelServer model, BatonProject project, MatrixTestUser bot, MatrixTestUser alice, MatrixTestUser bob, string key)
    {
        Synapse = synapse;
        Model = model;
        Project = project;
        Bot = bot;
        Alice = alice;
        Bob = bob;
        Key = key;
    }

    public SynapseServer Synapse { get; }
    public ScriptedModelServer Model { get; }
    public BatonProject Project { get; }
    public MatrixTestUser Bot { get; }
    public MatrixTestUser Alice { get; }
    public MatrixTestUser Bob { get; }
    /// <summary>The workspace alias key: rooms are #key, #key.app, #key.app.lobby.</summary>
    public string Key { get; }
    public string LobbyAlias => $"#{Key}.app.lobby:localhost";
    public string? ControlRoomId { get; private set; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Task<MatrixServe> CreateAsync(SynapseE2EFixture synapse, string agent = "codex", bool control = false, string extraYaml = "", string? stages = null) =>
        CreateAsync(synapse.Server, agent, control, extraYaml, stages);

    /// <param name="stages">The default pipeline's stages as YAML flow (one builder turn of <paramref name="agent"/> when null).</param>
    public static async Task<MatrixServe> CreateAsync(SynapseServer synapse, string agent = "codex", bool control = false, string extraYaml = "", string? stages = null)
    {
        var n = SynapseE2EFixture.Next();
        var bot = await synapse.RegisterAsync($"baton{n}");
        var alice = await synapse.RegisterAsync($"alice{n}");
        var bob = await synapse.RegisterAsync($"bob{n}");
        var model = await ScriptedModelServer.StartAsync();
        var key = $"e2e{n}";
        string? controlId = null;
        var controlYaml = "";
        if (control)
        {
            controlId = await alice.CreateRoomAsync(new JsonObject { ["preset"] = "private_chat", ["invite"] = new JsonArray(bot.UserId), ["room_alias_name"] = $"control{n}" });
            controlYaml = $"\n  control_room: \"#control{n}:localhost\"";
        }

        var project = new BatonProject(AgentCliProject.AgentsYaml(model) + $$"""

            projects:
              - { key: app, repo: ".", pipeline: default }
            pipelines:
              default:
                stages: {{stages ?? $"[ {{ id: build, kind: agent, role: builder, agent: {agent} }} ]"}}
            matrix:
              homeserver: "{{synapse.BaseUrl}}"
              user_id: "{{bot.UserId}}"
              password_env: {{PasswordVariable}}
              allowed_users: ["{{alice.UserId}}"]
              workspace: { name: "E2E {{n}}", key: {{key}}, members: ["{{alice.UserId}}"] }
              status_interval: 1s
              sync_timeout: 5s{{controlYaml}}
            {{extraYaml}}
            """);
        return new MatrixServe(synapse, model, project, bot, alice, bob, key) { ControlRoomId = controlId };
    }

    public Dictionary<string, string> Environment()
    {
        var env = AgentCliProject.Environment();
        env[PasswordVariable] = Bot.Password;
        return env;
    }

    public void Start()
    {
        _baton = BatonCli.Start(Project.Path, Environment(), "serve");
        _baton.ErrorDataReceived += (_, e) => Append(e.Data);
        _baton.OutputDataReceived += (_, e) => Append(e.Data);
        _baton.BeginErrorReadLine();
        _baton.BeginOutputReadLine();
    }

    public Process Process => _baton ?? throw new InvalidOperationException("not started");

    /// <summary>Ends baton with SIGKILL (nothing gets to clean up).</summary>
    public async Task KillAsync()
    {
        Process.Kill();   // SIGKILL, the process only
        await Process.WaitForExitAsync();
        _baton = null;
    }

    /// <summary>Ends baton as Ctrl-C would and waits for it to exit.</summary>
    public async Task InterruptAsync()
    {
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Process.WaitForExitAsync(cts.Token);
    }

    /// <summary>Alice joins the lobby once the bot made it and invited her.</summary>
    public async Task<string> JoinLobbyAsync()
    {
        string? lobby = null;
        var ok = await Eventually.TrueAsync(async () =>
        {
            lobby = await Alice.ResolveAliasAsync(LobbyAlias);
            if (lobby is null)
            {
                return false;
            }

            try
            {
                await Alice.JoinAsync(lobby);
                return true;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
            {
                return false;   // made, not yet invited
            }
        }, TimeSpan.FromSeconds(60));
        ok.ShouldBeTrue($"alice could not join the lobby {LobbyAlias}; baton said:\n{Log}");
        return lobby!;
    }

    /// <summary>The task room linked from the bot's threaded reply to <paramref name="requestEventId"/>; alice joins it.</summary>
    public async Task<string> TaskRoomForAsync(string lobby, string requestEventId)
    {
        var reply = await Alice.WaitForEventAsync(lobby, e => Sender(e) == Bot.UserId && (string?)e["content"]?["m.relates_to"]?["event_id"] == requestEventId,
            TimeSpan.FromSeconds(60), "threaded reply with the task room");
        var body = (string)reply["content"]!["body"]!;
        var room = body[(body.IndexOf("https://matrix.to/#/", StringComparison.Ordinal) + "https://matrix.to/#/".Length)..].Split(' ', '\n')[0];
        var joined = await Eventually.TrueAsync(async () =>
        {
            try
            {
                await Alice.JoinAsync(room);
                return true;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30));
        joined.ShouldBeTrue($"alice was never invited to the task room {room}");
        return room;
    }

    public static string? Sender(JsonObject e) => (string?)e["sender"];

    public static string? Body(JsonObject e) => (string?)e["content"]?["body"];

    public static string? RelType(JsonObject e) => (string?)e["content"]?["m.relates_to"]?["rel_type"];

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_baton is { HasExited: false })
        {
            try
            {
                await InterruptAsync();
            }
            catch (OperationCanceledException)
            {
                _baton.Kill(entireProcessTree: true);
            }
        }

        _baton?.Dispose();
        Project.Dispose();
        await Model.DisposeAsync();
    }
}
