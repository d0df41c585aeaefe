using System.Data.Common;
using Baton.Core.Model;

namespace Baton.Store.Sql;

/// <summary>Maps <see cref="GateResult"/> to and from the <c>gate_results</c> table.</summary>
internal static class GateRows
{
    public const string Insert = """
        INSERT INTO gate_results (run_id, idx, attempt, command, passed, exit_code, timed_out, seconds, output_tail)
        VALUES (@run_id, (SELECT coalesce(max(idx), 0) + 1 FROM gate_results WHERE run_id = @run_id), @attempt, @command,
            @passed, @exit_code, @timed_out, @seconds, @output_tail)
        """;

    public static DbCommand Bind(this DbCommand command, string runId, GateResult result) => command
        .With("@run_id", runId)
        .With("@attempt", result.Attempt)
        .With("@command", result.Command)
        .With("@passed", result.Passed)
        .With("@exit_code", result.ExitCode)
        .With("@timed_out", result.TimedOut)
        .With("@seconds", result.Seconds)
        .With("@output_tail", result.OutputTail);

    public static GateResult Read(DbDataReader reader)
    {
        var row = new Row(reader);
        return new GateResult(
            row.Text("command"),
            row.Int("attempt"),
            row.Bool("passed"),
            row.IntOrNull("exit_code"),
            row.Bool("timed_out"),
            row.Double("seconds"),
            row.Text("output_tail"));
    }
}
