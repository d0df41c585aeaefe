using Baton.Core.Config;

namespace Baton.Engine.Execution;

/// <summary>The flat, ordered list of stages a pipeline runs, and which of them a gate failure sends back to.</summary>
public sealed class StagePlan
{
    private StagePlan(IReadOnlyList<PlannedStage> stages) => Stages = stages;

    public IReadOnlyList<PlannedStage> Stages { get; }

    /// <summary>Index of the first builder stage, or -1 when the pipeline has none (then a failed gate is final).</summary>
    public int FirstBuilderIndex => Stages.ToList().FindIndex(s => s.IsBuilder);

    /// <summary>The stages of a given builder attempt: all of them first, then from the builder on.</summary>
    public IEnumerable<PlannedStage> StagesForAttempt(int attempt) =>
        attempt <= 1 || FirstBuilderIndex < 0 ? Stages : Stages.Skip(FirstBuilderIndex);

    /// <summary>Expands nested pipelines (the validator has already refused cycles) and narrows to one stage when asked.</summary>
    public static StagePlan Build(BatonConfig config, PipelineConfig pipeline, string? onlyStage)
    {
        var stages = new List<PlannedStage>();
        Expand(config, pipeline, prefix: "", stages, depth: 0);
        if (onlyStage is not null)
        {
            var match = stages.Where(s => s.Id == onlyStage || s.Id.StartsWith(onlyStage + ".", StringComparison.Ordinal)).ToList();
            if (match.Count == 0)
            {
                throw new ArgumentException(
                    $"pipeline `{pipeline.Name}` has no stage `{onlyStage}`; its stages are: {string.Join(", ", stages.Select(s => s.Id))}");
            }

            stages = match;
        }

        return new StagePlan(stages);
    }

    private static void Expand(BatonConfig config, PipelineConfig pipeline, string prefix, List<PlannedStage> into, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidOperationException($"pipeline `{pipeline.Name}` nests too deeply (a cycle?)");
        }

        foreach (var stage in pipeline.Stages)
        {
            var id = prefix + stage.Id;
            if (stage.Kind == StageKind.Pipeline && stage.Pipeline is { } nested && config.Pipelines.TryGetValue(nested, out var inner))
            {
                Expand(config, inner, id + ".", into, depth + 1);
            }
            else
            {
                into.Add(new PlannedStage(id, stage));
            }
        }
    }
}
