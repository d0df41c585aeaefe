using System.Data.Common;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Maps <see cref="StageRecord"/> and <see cref="ProcessGroupRecord"/> to and from their tables.</summary>
internal static class StageRows
{
    public const string Upsert = """
        INSERT INTO stages (run_id, stage_id, attempt, kind, state, tries, exit_code, allowed_failure, error,
            started_at, finished_at)
        VALUES (@run_id, @stage_id, @attempt, @kind, @state, @tries, @exit_code, @allowed_failure, @error,
            @started_at, @finished_at)
        ON CONFLICT (run_id, stage_id, attempt) DO UPDATE SET kind = excluded.kind, state = excluded.state,
            tries = excluded.tries, exit_code = excluded.exit_code, allowed_failure = excluded.allowed_failure,
            error = excluded.error, started_at = excluded.started_at, finished_at = excluded.finished_at
        """;

    public const string UpsertGroup = """
        INSERT INTO process_groups (run_id, pgid, start_ticks, stage) VALUES (@run_id, @pgid, @start_ticks, @stage)
        ON CONFLICT (run_id, pgid) DO UPDATE SET start_ticks = excluded.start_ticks, stage = excluded.stage
        """;

    public static DbCommand Bind(this DbCommand command, StageRecord stage) => command
        .With("@run_id", stage.RunId)
        .With("@stage_id", stage.StageId)
        .With("@attempt", stage.Attempt)
        .With("@kind", stage.Kind)
        .With("@state", stage.State.WireName())
        .With("@tries", stage.Tries)
        .With("@exit_code", stage.ExitCode)
        .With("@allowed_failure", stage.AllowedFailure)
        .With("@error", stage.Error)
        .WithTime("@started_at", stage.StartedAt)
        .WithTime("@finished_at", stage.FinishedAt);

    public static StageRecord Read(DbDataReader reader)
    {
        var row = new Row(reader);
        return new StageRecord
        {
            RunId = row.Text("run_id"),
            StageId = row.Text("stage_id"),
            Kind = row.Text("kind"),
            Attempt = row.Int("attempt"),
            State = row.Enum<StageState>("state"),
            Tries = row.Int("tries"),
            ExitCode = row.IntOrNull("exit_code"),
            AllowedFailure = row.Bool("allowed_failure"),
            Error = row.TextOrNull("error"),
            StartedAt = row.TimeOrNull("started_at"),
            FinishedAt = row.TimeOrNull("finished_at"),
        };
    }

    public static ProcessGroupRecord ReadGroup(DbDataReader reader)
    {
        var row = new Row(reader);
        return new ProcessGroupRecord(row.Int("pgid"), row.Long("start_ticks"), row.Text("stage"));
    }
}
