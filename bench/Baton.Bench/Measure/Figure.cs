namespace Baton.Bench.Measure;

/// <summary>One measured number, with its unit, its target (none for context figures) and how it was measured.</summary>
internal sealed record Figure(string Id, string Name, double Value, string Unit, Target? Target, string Definition)
{
    /// <summary>True or false against the target; null when the figure has no target.</summary>
    public bool? Ok => Target?.IsMet(Value);
}
