namespace Baton.Bench.Measure;

/// <summary>
/// What one scenario produced: its figures, free-form details for the JSON report (phase breakdowns, counts), and
/// the error that stopped it, if any; and the machine's load average before and after it (see <see cref="MachineLoad"/>).
/// </summary>
internal sealed record ScenarioResult(string Id, string Title, IReadOnlyList<Figure> Figures, IReadOnlyDictionary<string, object?> Details, string? Error = null)
{
    public string? LoadBefore { get; init; }

    public string? LoadAfter { get; init; }

    public static ScenarioResult Failed(string id, string title, string error) =>
        new(id, title, [], new Dictionary<string, object?>(), error);
}
