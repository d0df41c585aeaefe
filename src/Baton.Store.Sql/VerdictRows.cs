using System.Data.Common;
using System.Text;
using System.Text.Json;
using Baton.Core.Reviews;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Maps <see cref="ReviewVerdictRecord"/> to and from the <c>review_verdicts</c> table (findings as a JSON array).</summary>
internal static class VerdictRows
{
    public static ReviewVerdictRecord ReadVerdict(DbDataReader reader)
    {
        var row = new Row(reader);
        return new ReviewVerdictRecord
        {
            RunId = row.Text("run_id"),
            Stage = row.Text("stage"),
            Attempt = row.Int("attempt"),
            Reviewer = row.Text("reviewer"),
            Verdict = row.Enum<Verdict>("verdict"),
            Summary = row.TextOrNull("summary"),
            Findings = ReadFindings(row.Text("findings")),
            Malformed = row.Bool("malformed"),
            At = row.Time("at"),
        };
    }

    public static string FindingsJson(IReadOnlyList<ReviewFinding> findings)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var f in findings)
            {
                json.WriteStartObject();
                if (f.File is not null)
                {
                    json.WriteString("file", f.File);
                }

                if (f.Line is { } line)
                {
                    json.WriteNumber("line", line);
                }

                if (f.Severity is not null)
                {
                    json.WriteString("severity", f.Severity);
                }

                json.WriteString("note", f.Note);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static List<ReviewFinding> ReadFindings(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return
        [
            .. doc.RootElement.EnumerateArray().Select(f => new ReviewFinding(
                f.TryGetProperty("file", out var file) ? file.GetString() : null,
                f.TryGetProperty("line", out var line) ? line.GetInt32() : null,
                f.TryGetProperty("severity", out var severity) ? severity.GetString() : null,
                f.TryGetProperty("note", out var note) ? note.GetString() ?? "" : "")),
        ];
    }
}
