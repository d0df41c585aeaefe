using Baton.Core.Config;

namespace Baton.Config.Yaml;

/// <summary>The enums of <c>baton.yaml</c>.</summary>
internal static class YamlEnums
{
    public static EnumNames<AgentKind> AgentKinds { get; } = new("agent kind");

    public static EnumNames<AgentMode> AgentModes { get; } = new("agent mode");

    public static EnumNames<StageKind> StageKinds { get; } = new("stage kind");

    public static EnumNames<AgentRole> Roles { get; } = new("role");

    public static EnumNames<FailureClass> FailureClasses { get; } = new("failure class");

    public static EnumNames<WorkspaceMode> WorkspaceModes { get; } = new("workspace mode");

    public static EnumNames<ApprovalPolicy> Approvals { get; } = new("approval policy", name => name.Replace('_', '-'));
}
