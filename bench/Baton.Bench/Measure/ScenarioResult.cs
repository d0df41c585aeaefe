namespace Baton.Bench.Measure;

/// <summary>
/// What one scenario produced: its figures, free-form details for the JSON report (phase breakdowns, counts), and
/// the error that stopped it, if any.
/// </summary>
internal sealed record ScenarioResult(string Id, string Title, IReadOnlyList<Figure> Figures, IReadOnlyDictionary<string, object?> Details, string? Error = null)
{
    public static ScenarioResult Failed(string id, string title, string error) =>
        new(id, title, [], new Dictionary<string, object?>(), error);
}
