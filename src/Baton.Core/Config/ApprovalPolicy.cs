namespace Baton.Core.Config;

public enum ApprovalPolicy
{
    Never,
    OnRequest,
    Always,
}
