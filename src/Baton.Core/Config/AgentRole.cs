namespace Baton.Core.Config;

public enum AgentRole
{
    Planner,
    Builder,
    Tester,
    Reviewer,
}
