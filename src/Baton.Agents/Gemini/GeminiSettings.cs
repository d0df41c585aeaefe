using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Agents.Common;
using Baton.Core.Agents;

namespace Baton.Agents.Gemini;

/// <summary>
/// Gemini CLI's <c>settings.json</c> under its isolated home. Written whole before every turn: Gemini rewrites (migrates)
/// its settings, and nothing from a previous turn or a person's edits should change how the next turn runs.
/// </summary>
public static class GeminiSettings
{
    /// <summary>Agent env variable that sets <c>general.maxAttempts</c> (how often Gemini retries a failed model call).</summary>
    public const string MaxAttemptsVariable = "BATON_GEMINI_MAX_ATTEMPTS";

    /// <summary>Baton recovers from failures itself (back off, fall back); Gemini's own default of 10 backs off for minutes.</summary>
    public const int DefaultMaxAttempts = 2;

    public static string PathIn(string geminiHome) => Path.Combine(geminiHome, ".gemini", "settings.json");

    public static void Write(string geminiHome, AgentTurn turn) => ConfigFile.Write(PathIn(geminiHome), For(turn));

    public static JsonObject For(AgentTurn turn) => new()
    {
        // With only GOOGLE_GEMINI_BASE_URL set, 0.61 infers the `gateway` auth type and rejects it (exit 41).
        ["security"] = new JsonObject { ["auth"] = new JsonObject { ["selectedType"] = "gemini-api-key" } },
        ["privacy"] = new JsonObject { ["usageStatisticsEnabled"] = false },
        ["telemetry"] = new JsonObject { ["enabled"] = false },
        ["general"] = new JsonObject
        {
            ["enableAutoUpdate"] = false,
            ["enableAutoUpdateNotification"] = false,
            ["maxAttempts"] = MaxAttempts(turn),
        },
    };

    private static int MaxAttempts(AgentTurn turn) =>
        turn.Agent.Env.TryGetValue(MaxAttemptsVariable, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : DefaultMaxAttempts;
}
