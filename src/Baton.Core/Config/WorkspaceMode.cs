namespace Baton.Core.Config;

[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<WorkspaceMode>))]
public enum WorkspaceMode
{
    Worktree,
    Clone,
}
