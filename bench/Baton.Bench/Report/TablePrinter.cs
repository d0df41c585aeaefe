using System.Globalization;
using System.Text;
using Baton.Bench.Measure;

namespace Baton.Bench.Report;

/// <summary>The human report: one table of figures (value, target, ok/over), then how each figure was measured.</summary>
internal static class TablePrinter
{
    public static string Render(BenchReport report)
    {
        var rows = report.Scenarios.SelectMany(s => s.Figures)
            .Select(f => (f.Name, Value: Format(f.Value, f.Unit), Target: f.Target?.Text(f.Unit) ?? "—", Result: f.Ok switch { true => "ok", false => "over", null => "" }))
            .ToList();
        var w1 = Math.Max(6, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        var w2 = Math.Max(5, rows.Select(r => r.Value.Length).DefaultIfEmpty(0).Max());
        var w3 = Math.Max(6, rows.Select(r => r.Target.Length).DefaultIfEmpty(0).Max());
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"machine: {report.Machine.Summary}");
        text.AppendLine(CultureInfo.InvariantCulture, $"command: {report.Command}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"figure".PadRight(w1)}  {"value".PadLeft(w2)}  {"target".PadRight(w3)}  result");
        text.AppendLine(CultureInfo.InvariantCulture, $"{new string('-', w1)}  {new string('-', w2)}  {new string('-', w3)}  ------");
        foreach (var (name, value, target, result) in rows)
        {
            var row = string.Create(CultureInfo.InvariantCulture, $"{name.PadRight(w1)}  {value.PadLeft(w2)}  {target.PadRight(w3)}  {result}");
            text.AppendLine(row.TrimEnd());
        }

        foreach (var failed in report.Scenarios.Where(s => s.Error is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"({failed.Id}) {failed.Title}: FAILED — {failed.Error}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"other work on the machine ({report.Machine.Cpus} CPUs), probed for 1 s while the bench was idle, before / after each scenario:");
        foreach (var s in report.Scenarios.Where(s => s.LoadBefore is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  ({s.Id}) {s.LoadBefore} / {s.LoadAfter ?? "—"}");
        }

        foreach (var s in report.Scenarios)
        {
            foreach (var (name, value) in s.Details)
            {
                if (value is IReadOnlyList<PhaseSummary> phases)
                {
                    text.AppendLine();
                    text.AppendLine(CultureInfo.InvariantCulture, $"({s.Id}) {name.Replace('_', ' ')}:{"p50".PadLeft(Math.Max(4, 70 - name.Length))}     p99");
                    foreach (var p in phases)
                    {
                        text.AppendLine(CultureInfo.InvariantCulture, $"  {p.Phase,-72} {p.P50Ms,7:0.0} {p.P99Ms,7:0.0}");
                    }
                }
            }
        }

        text.AppendLine();
        text.AppendLine("how each figure is measured:");
        foreach (var figure in report.Scenarios.SelectMany(s => s.Figures))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {figure.Name}: {figure.Definition}");
        }

        return text.ToString();
    }

    public static string Format(double value, string unit)
    {
        var number = double.IsNaN(value) ? "n/a"
            : Math.Abs(value) >= 1000 ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : Math.Abs(value) >= 100 ? value.ToString("0.0", CultureInfo.InvariantCulture)
            : value.ToString("0.##", CultureInfo.InvariantCulture);
        return unit.Length == 0 ? number : $"{number} {unit}";
    }
}
