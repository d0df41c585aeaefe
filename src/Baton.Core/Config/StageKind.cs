namespace Baton.Core.Config;

public enum StageKind
{
    Agent,
    Command,
    Pipeline,
    Review,
    Approval,
}
