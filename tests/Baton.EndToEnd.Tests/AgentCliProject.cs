using Baton.ModelServer;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>A project whose agents are the real agent CLIs, pointed at a scripted model server on 127.0.0.1.</summary>
internal static class AgentCliProject
{
    /// <summary>The variable the agents' <c>api_key_env</c> names; the tests give baton a dummy key in it.</summary>
    public const string KeyVariable = "BATON_E2E_MODEL_KEY";

    public const string Key = "sk-e2e-dummy-key-0123456789";

    public static string AgentsYaml(ScriptedModelServer server)
    {
        var root = server.BaseUrl.ToString().TrimEnd('/');
        return $"""
            version: 1
            agents:
              codex: {Agent("codex", $"{root}/v1", "fake-model")}
              claude: {Agent("claude", root, "claude-sonnet-4-5")}
              gemini: {Agent("gemini", root, "gemini-2.5-flash")}
              opencode: {Agent("opencode", $"{root}/v1", "fake-model")}
            """;
    }

    private static string Agent(string cli, string baseUrl, string model) =>
        $"{{ kind: {cli}, command: \"{AgentClis.Path(cli)}\", base_url: \"{baseUrl}\", api_key_env: {KeyVariable}, model: {model}, timeout: 3m }}";

    public static Dictionary<string, string> Environment() => new() { [KeyVariable] = Key };
}
