using System.Globalization;

namespace Baton.Bench.Infra;

/// <summary>The <c>baton.yaml</c> of a benchmark repo: one <c>command</c> agent, one builder stage, one gate <c>true</c>.</summary>
internal static class BatonYaml
{
    /// <param name="command">The agent's shell command line (run by Baton with <c>bash -c</c>).</param>
    /// <param name="env">Variables passed to the agent through its <c>env:</c> settings.</param>
    public static string Single(string agent, string command, int maxConcurrentRuns, IReadOnlyDictionary<string, string>? env = null)
    {
        var envText = env is null || env.Count == 0
            ? ""
            : ", env: { " + string.Join(", ", env.Select(p => $"{p.Key}: {Quote(p.Value)}")) + " }";
        return $$"""
            version: 1
            max_concurrent_runs: {{maxConcurrentRuns.ToString(CultureInfo.InvariantCulture)}}
            agents:
              {{agent}}: { kind: command, command: {{Quote(command)}}{{envText}} }
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder, agent: {{agent}} } ]
                gates: [ "true" ]

            """;
    }

    /// <summary>A YAML single-quoted scalar: only the quote itself needs escaping.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
