using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>A real git repository with a baton.yaml, and the real baton binary run inside it.</summary>
public sealed class BatonProject : IDisposable
{
    private readonly TempGitRepo _repo = new();

    public BatonProject(string? yaml = null)
    {
        // Files the test agents may use outside the workspace, handed over through agent `env:`.
        Scratch = TempDir.Create("scratch");
        if (yaml is not null)
        {
            WriteConfig(yaml);
        }
    }

    public string Path => _repo.Path;

    public string Scratch { get; }

    public TempGitRepo Repo => _repo;

    public string StateDir => System.IO.Path.Combine(Path, ".baton");

    public void WriteConfig(string yaml) => File.WriteAllText(System.IO.Path.Combine(Path, "baton.yaml"), yaml.Replace("$SCRATCH", Scratch, StringComparison.Ordinal));

    public Task<CliResult> RunAsync(params string[] args) => BatonCli.RunAsync(Path, args);

    /// <summary>Runs with --format json and parses stdout.</summary>
    public async Task<(CliResult Result, JsonNode? Json)> JsonAsync(params string[] args)
    {
        var result = await BatonCli.RunAsync(Path, [.. args, "--format", "json"]);
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(result.Stdout);
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return (result, json);
    }

    public string RunDir(string taskId, string runId) => System.IO.Path.Combine(StateDir, "runs", taskId, runId);

    public IReadOnlyList<JsonObject> Events(string taskId, string runId) =>
        File.ReadAllLines(System.IO.Path.Combine(RunDir(taskId, runId), "events.ndjson"))
            .Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToList();

    public JsonObject ReadJson(string taskId, string runId, string file) =>
        JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(RunDir(taskId, runId), file)))!.AsObject();

    public void Dispose()
    {
        _repo.Dispose();
        TempDir.Delete(Scratch);
    }
}
