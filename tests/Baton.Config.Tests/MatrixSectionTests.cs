using Baton.Core.Config;

namespace Baton.Config.Tests;

/// <summary>The <c>matrix:</c> section: what a valid one maps to, and every bad one refused with its key path.</summary>
public sealed class MatrixSectionTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    private static ConfigLoadResult Load(string matrix) => ConfigLoader.LoadText("version: 1\nmatrix:\n" + matrix, "baton.yaml", Defaults);

    [Fact]
    public void A_minimal_section_gets_every_default()
    {
        var result = Load("""
              homeserver: https://matrix.example.com
              user_id: "@baton:example.com"
              access_token_env: BATON_MATRIX_TOKEN
              workspace: { name: "My Team!" }
            """);

        result.Errors.ShouldBeEmpty();
        var matrix = result.Config.Matrix.ShouldNotBeNull();
        matrix.Homeserver.ShouldBe(new Uri("https://matrix.example.com"));
        matrix.ServerName.ShouldBe("example.com");
        matrix.AccessTokenEnv.ShouldBe("BATON_MATRIX_TOKEN");
        matrix.PasswordEnv.ShouldBeNull();
        matrix.DeviceId.ShouldBe("BATON");
        matrix.StatusInterval.ShouldBe(TimeSpan.FromSeconds(3));
        matrix.SyncTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        matrix.Workspace.AliasKey.ShouldBe("my-team");
        matrix.AllowedUsers.ShouldBeEmpty();
    }

    [Fact]
    public void Everything_can_be_set()
    {
        var matrix = Load("""
              homeserver: http://127.0.0.1:8008
              user_id: "@bot:localhost"
              password_env: BOT_PASSWORD
              device_id: DEV1
              allowed_users: ["@alice:localhost", "@bob:example.org"]
              workspace: { name: Coding, key: code, members: ["@alice:localhost"] }
              control_room: "#control:localhost"
              status_interval: 1s
              sync_timeout: 5s
            """).Config.Matrix.ShouldNotBeNull();

        matrix.PasswordEnv.ShouldBe("BOT_PASSWORD");
        matrix.DeviceId.ShouldBe("DEV1");
        matrix.AllowedUsers.ShouldBe(["@alice:localhost", "@bob:example.org"]);
        matrix.Workspace.AliasKey.ShouldBe("code");
        matrix.Workspace.Members.ShouldBe(["@alice:localhost"]);
        matrix.ControlRoom.ShouldBe("#control:localhost");
        matrix.StatusInterval.ShouldBe(TimeSpan.FromSeconds(1));
        matrix.SyncTimeout.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("user_id: \"@b:x\"\naccess_token_env: T\n", "matrix.homeserver", "missing")]
    [InlineData("homeserver: matrix.example.com\nuser_id: \"@b:x\"\naccess_token_env: T\n", "matrix.homeserver", "not an http(s) URL")]
    [InlineData("homeserver: ftp://x\nuser_id: \"@b:x\"\naccess_token_env: T\n", "matrix.homeserver", "not an http(s) URL")]
    [InlineData("homeserver: https://x\naccess_token_env: T\n", "matrix.user_id", "missing")]
    [InlineData("homeserver: https://x\nuser_id: baton\naccess_token_env: T\n", "matrix.user_id", "@name:server")]
    [InlineData("homeserver: https://x\nuser_id: \"@b:x\"\n", "matrix", "exactly one of access_token_env or password_env")]
    [InlineData("homeserver: https://x\nuser_id: \"@b:x\"\naccess_token_env: T\npassword_env: P\n", "matrix", "exactly one of")]
    [InlineData("homeserver: https://x\nuser_id: \"@b:x\"\naccess_token_env: syt_abc.def-123\n", "matrix.access_token_env", "never put the secret here")]
    [InlineData("homeserver: https://x\nuser_id: \"@b:x\"\naccess_token_env: T\nallowed_users: [\"@a:x\", alice]\n", "matrix.allowed_users[1]", "not a Matrix user id")]
    [InlineData("homeserver: https://x\nuser_id: \"@b:x\"\naccess_token_env: T\ncontrol_room: control\n", "matrix.control_room", "not a room alias or id")]
    [InlineData("homeserver: https://x\nuser_id: \"@b:x\"\naccess_token_env: T\nstatus_interval: 0s\n", "matrix.status_interval", "longer than zero")]
    [InlineData("homeserver: https://x\nuser_id: \"@b:x\"\naccess_token_env: T\nworkspace: { key: \"My Key\" }\n", "matrix.workspace.key", "my-key")]
    [InlineData("homeserver: https://x\nuser_id: \"@b:x\"\naccess_token_env: T\nworkspace: { members: [nobody] }\n", "matrix.workspace.members[0]", "not a Matrix user id")]
    [InlineData("homeserver: https://x\nuser_id: \"@b:x\"\naccess_token_env: T\nacces_token: x\n", "matrix.acces_token", "")]
    public void A_bad_section_is_refused_with_its_key_path(string body, string path, string message)
    {
        var indented = string.Join("\n", body.TrimEnd('\n').Split('\n').Select(l => "  " + l)) + "\n";

        var errors = Load(indented).Errors;

        var error = errors.ShouldHaveSingleItem(string.Join("\n", errors));
        error.Path.ShouldBe(path);
        error.Message.ShouldContain(message, Case.Insensitive);
        error.Message.ShouldNotContain("syt_abc", customMessage: "a secret put in the wrong place is not echoed");
    }
}
