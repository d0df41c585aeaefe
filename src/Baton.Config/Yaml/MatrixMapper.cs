using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps and checks <c>matrix:</c>: the homeserver, the bot account, who it obeys, the rooms it keeps.</summary>
internal static class MatrixMapper
{
    private const string Example = "{ homeserver: https://matrix.example.com, user_id: \"@baton:example.com\", access_token_env: BATON_MATRIX_TOKEN }";

    private static readonly string[] Keys =
        ["homeserver", "user_id", "access_token_env", "password_env", "device_id", "allowed_users", "workspace", "control_room", "status_interval", "sync_timeout"];

    private static readonly string[] WorkspaceKeys = ["name", "key", "members"];

    public static MatrixConfig? Map(YamlReader reader, YamlNode node)
    {
        if (reader.Mapping(node, "matrix", Example, Keys) is not { } fields)
        {
            return null;
        }

        var homeserver = Homeserver(reader, fields);
        var userId = fields.String("user_id");
        if (userId is null)
        {
            reader.Error("matrix.user_id", "missing: the bot's Matrix user id, e.g. \"@baton:example.com\".");
        }
        else if (!MatrixNames.IsUserId(userId))
        {
            reader.Error("matrix.user_id", $"`{userId}` is not a Matrix user id; write it as \"@name:server\".");
        }

        var tokenEnv = EnvName(reader, fields, "access_token_env");
        var passwordEnv = EnvName(reader, fields, "password_env");
        if (fields.Has("access_token_env") == fields.Has("password_env"))
        {
            reader.Error("matrix", "set exactly one of access_token_env or password_env: the name of the environment variable holding the bot's token or password (never the secret itself).");
        }

        var allowed = UserIds(reader, fields, "allowed_users") ?? [];
        var control = fields.String("control_room");
        if (control is not null && !MatrixNames.IsRoomIdOrAlias(control))
        {
            reader.Error("matrix.control_room", $"`{control}` is not a room alias or id; write \"#alias:server\" or \"!id:server\".");
        }

        if (homeserver is null || userId is null || !MatrixNames.IsUserId(userId))
        {
            return null;
        }

        var config = new MatrixConfig { Homeserver = homeserver, UserId = userId };
        return config with
        {
            AccessTokenEnv = tokenEnv,
            PasswordEnv = passwordEnv,
            DeviceId = fields.String("device_id") ?? config.DeviceId,
            AllowedUsers = allowed,
            Workspace = fields.Node("workspace") is { } ws ? Workspace(reader, ws) : config.Workspace,
            ControlRoom = control,
            StatusInterval = Positive(reader, fields, "status_interval") ?? config.StatusInterval,
            SyncTimeout = Positive(reader, fields, "sync_timeout") ?? config.SyncTimeout,
        };
    }

    private static Uri? Homeserver(YamlReader reader, YamlFields fields)
    {
        var text = fields.String("homeserver");
        if (text is null)
        {
            reader.Error("matrix.homeserver", "missing: the homeserver's base URL, e.g. https://matrix.example.com.");
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        reader.Error("matrix.homeserver", $"`{text}` is not an http(s) URL; write e.g. https://matrix.example.com.");
        return null;
    }

    private static string? EnvName(YamlReader reader, YamlFields fields, string key)
    {
        var name = fields.String(key);
        if (name is not null && !System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z_][A-Za-z0-9_]*$"))
        {
            // The value is not repeated: it may be the secret itself.
            reader.Error(fields.PathOf(key), "is not an environment variable name; name the variable (e.g. BATON_MATRIX_TOKEN), never put the secret here.");
            return null;
        }

        return name;
    }

    private static List<string>? UserIds(YamlReader reader, YamlFields fields, string key)
    {
        var users = fields.StringList(key, "[\"@you:example.com\"]");
        foreach (var (user, i) in (users ?? []).Select((u, i) => (u, i)))
        {
            if (!MatrixNames.IsUserId(user))
            {
                reader.Error($"{fields.PathOf(key)}[{i}]", $"`{user}` is not a Matrix user id; write it as \"@name:server\".");
            }
        }

        return users;
    }

    private static MatrixWorkspaceConfig Workspace(YamlReader reader, YamlNode node)
    {
        var workspace = new MatrixWorkspaceConfig();
        if (reader.Mapping(node, "matrix.workspace", "{ name: Coding, members: [\"@you:example.com\"] }", WorkspaceKeys) is not { } fields)
        {
            return workspace;
        }

        var key = fields.String("key");
        if (key is not null && MatrixNames.Slug(key) != key)
        {
            reader.Error("matrix.workspace.key", $"`{key}` can't start a room alias; use lower-case letters, digits and dashes (e.g. `{MatrixNames.Slug(key)}`).");
        }

        return workspace with
        {
            Name = fields.String("name") ?? workspace.Name,
            Key = key,
            Members = UserIds(reader, fields, "members") ?? [],
        };
    }

    private static TimeSpan? Positive(YamlReader reader, YamlFields fields, string key)
    {
        var value = fields.Duration(key);
        if (value is { } v && v <= TimeSpan.Zero)
        {
            reader.Error(fields.PathOf(key), "must be longer than zero, e.g. 3s.");
            return null;
        }

        return value;
    }
}
