namespace Baton.Core.Reviews;

/// <summary>A reviewer's judgement of the work (spec §9).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<Verdict>))]
public enum Verdict
{
    Approved,
    Concerns,
    Blocker,
}
