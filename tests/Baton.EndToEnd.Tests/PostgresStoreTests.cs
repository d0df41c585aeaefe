using Baton.Testing;
using Baton.Testing.Postgres;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// <c>store: postgres://…</c> as a user sets it: the real baton against a real PostgreSQL server (a private cluster),
/// each test in a database of its own.
/// </summary>
[Trait(Needs.Trait, Needs.Postgres)]
public sealed class PostgresStoreTests
{
    private static async Task<string> ConfigAsync(string commandTail = "")
    {
        var server = await PostgresServer.SharedAsync();
        var database = await server.NewDatabaseAsync();
        return $$"""
            version: 1
            store: {{server.Url(database)}}
            max_concurrent_runs: 3
            agents:
              shell:
                kind: command
                command: "echo $BATON_TASK_ID >> $SCRATCH/ran; sleep 0.2; echo x > f.txt{{commandTail}}"
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "test -f f.txt" ]
            """;
    }

    [Fact]
    public async Task A_run_its_status_and_doctor_work_on_a_postgres_store()
    {
        using var p = new BatonProject(await ConfigAsync());

        var run = await p.RunAsync("run", "make f");

        run.ExitCode.ShouldBe(0, run.ToString());
        var (status, json) = await p.JsonAsync("status");
        status.ExitCode.ShouldBe(0, status.ToString());
        var only = json!.AsArray().ShouldHaveSingleItem()!;
        ((string)only["state"]!).ShouldBe("succeeded");
        File.Exists(System.IO.Path.Combine(p.StateDir, "baton.db")).ShouldBeFalse("the runs are in PostgreSQL, not an embedded file");
        var doctor = await p.RunAsync("doctor");
        doctor.Stdout.ShouldContain("(PostgreSQL, shared)");
        doctor.Stdout.ShouldNotContain("baton.db");
    }

    [Fact]
    public async Task Two_nodes_draining_one_queue_run_every_task_exactly_once()
    {
        using var p = new BatonProject(await ConfigAsync());
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var (added, json) = await p.JsonAsync("tasks", "add", $"task {i}");
            added.ExitCode.ShouldBe(0, added.ToString());
            ids.Add((string)json!["id"]!);
        }

        // Two processes claim from the same PostgreSQL queue at the same time.
        var drains = await Task.WhenAll(p.RunAsync("drain"), p.RunAsync("drain"));

        drains.ShouldAllBe(d => d.ExitCode == 0, string.Join("\n", drains.Select(d => d.ToString())));
        File.ReadAllLines(System.IO.Path.Combine(p.Scratch, "ran")).Order().ShouldBe(ids.Order(), "every task ran, and none twice");
        var tasks = (await p.JsonAsync("tasks", "list")).Json!.AsArray();
        tasks.Count.ShouldBe(12);
        tasks.Select(t => (string)t!["state"]!).ShouldAllBe(s => s == "succeeded");
    }

    [Fact]
    public async Task A_missing_password_variable_and_an_unreachable_server_are_clear_errors()
    {
        using var p = new BatonProject(await ConfigAsync());
        var yaml = File.ReadAllText(System.IO.Path.Combine(p.Path, "baton.yaml"));

        p.WriteConfig(yaml.Replace("max_concurrent_runs: 3", "store_password_env: BATON_TEST_NO_SUCH_PASSWORD\nmax_concurrent_runs: 3", StringComparison.Ordinal));
        var missing = await p.RunAsync("status");
        missing.ExitCode.ShouldBe(2, missing.ToString());
        missing.Stderr.ShouldContain("BATON_TEST_NO_SUCH_PASSWORD, which is not set");

        var closed = FreePorts.Next();
        p.WriteConfig($"version: 1\nstore: postgres://baton:secret-pw@127.0.0.1:{closed}/baton?connect_timeout=2\n");
        var unreachable = await p.RunAsync("status");
        unreachable.ExitCode.ShouldBe(3, unreachable.ToString());
        unreachable.Stderr.ShouldContain($"postgres://baton@127.0.0.1:{closed}/baton cannot be reached");
        unreachable.Stderr.ShouldNotContain("secret-pw");
    }

    [Fact]
    public async Task A_node_older_than_the_store_schema_refuses_to_start_and_says_why()
    {
        var server = await PostgresServer.SharedAsync();
        using var p = new BatonProject(await ConfigAsync());
        (await p.RunAsync("status")).ExitCode.ShouldBe(0);
        var database = File.ReadAllText(System.IO.Path.Combine(p.Path, "baton.yaml")).Split("store: ")[1].Split('\n')[0].Split('/')[^1];
        await server.ExecuteAsync("INSERT INTO schema_migrations (name, applied_at) VALUES ('from-the-future', '2030-01-01T00:00:00.000Z')",
            server.ConnectionString(database));

        var status = await p.RunAsync("status");

        status.ExitCode.ShouldBe(3, status.ToString());
        status.Stderr.ShouldContain("migrated by a newer Baton");
        status.Stderr.ShouldContain("from-the-future");
    }
}
