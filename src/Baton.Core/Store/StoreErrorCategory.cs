namespace Baton.Core.Store;

/// <summary>What went wrong with the store or the run files, so a caller can decide what to tell the user.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<StoreErrorCategory>))]
public enum StoreErrorCategory
{
    /// <summary>The volume is full; freeing space and retrying helps.</summary>
    DiskFull,

    /// <summary>A file or directory cannot be created or written (permissions, read-only volume, a file where a directory should be).</summary>
    NotWritable,

    /// <summary>The database is damaged, is not a Baton database, or holds a value this version cannot read.</summary>
    Corrupt,

    /// <summary>The database was written by a newer Baton.</summary>
    Newer,

    /// <summary>The write conflicts with what is stored (a duplicate id, external key or event sequence number).</summary>
    Conflict,

    /// <summary>
    /// The write was fenced off: the run's epoch moved on (another process took it over) or its state is no longer the
    /// one the writer expected. The writer has lost the run and must stop changing it.
    /// </summary>
    Fenced,

    /// <summary>Another process held the database lock for longer than the busy timeout; a retry can help.</summary>
    Busy,

    Other,
}
