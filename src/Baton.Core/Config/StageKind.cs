namespace Baton.Core.Config;

[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<StageKind>))]
public enum StageKind
{
    Agent,
    Command,
    Pipeline,
    Review,
    Approval,
}
