namespace Baton.Store.Sqlite;

/// <summary>What went wrong with the store or the run files, so a caller can decide what to tell the user.</summary>
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

    /// <summary>Another process held the database lock for longer than the busy timeout; a retry can help.</summary>
    Busy,

    Other,
}
