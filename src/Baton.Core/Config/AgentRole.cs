namespace Baton.Core.Config;

[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<AgentRole>))]
public enum AgentRole
{
    Planner,
    Builder,
    Tester,
    Reviewer,
}
