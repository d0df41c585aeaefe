namespace Baton.Cli.Output;

/// <summary>A plain aligned table; the last column is never padded.</summary>
public static class Table
{
    public static void Print(Ui ui, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Min(40, all.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        ui.Line(ui.Paint(Format(headers.ToArray(), widths), Colors.Bold));
        foreach (var row in all)
        {
            ui.Line(Format(row, widths));
        }
    }

    private static string Format(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : Fit(c, widths[i]))).TrimEnd();

    private static string Fit(string cell, int width) => cell.Length > width ? cell[..(width - 1)] + "…" : cell.PadRight(width);
}
