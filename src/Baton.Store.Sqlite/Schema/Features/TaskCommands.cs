namespace Baton.Store.Sqlite.Schema;

/// <summary>A task's own work: a shell <c>command</c> run instead of the pipeline's stages, and gates of its own.</summary>
internal static class TaskCommands
{
    public static FeatureMigration Migration { get; } = new("task-commands", """
        ALTER TABLE tasks ADD COLUMN command TEXT;
        ALTER TABLE tasks ADD COLUMN quality_gates TEXT NOT NULL DEFAULT '[]';
        """);
}
