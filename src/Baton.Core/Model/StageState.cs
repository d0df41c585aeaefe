namespace Baton.Core.Model;

[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<StageState>))]
public enum StageState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
}
