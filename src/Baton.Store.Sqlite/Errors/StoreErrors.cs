using Baton.Core.Store;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite.Errors;

/// <summary>Turns SQLite and file-system failures into <see cref="StoreException"/>s that name the path and say what to do.</summary>
internal static class StoreErrors
{
    // Primary SQLite result codes (the low byte of an extended code).
    private const int SqlitePerm = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteConstraint = 19;
    private const int SqliteAuth = 23;
    private const int SqliteNotADb = 26;


    public static StoreException FromSqlite(SqliteException ex, string path) => (ex.SqliteErrorCode & 0xFF) switch
    {
        SqliteFull => DiskFull(path, ex),
        SqliteReadOnly or SqliteCantOpen or SqlitePerm or SqliteAuth => NotWritable(path, ex),
        SqliteCorrupt or SqliteNotADb => new StoreException(
            StoreErrorCategory.Corrupt,
            $"The store {path} is damaged or is not a Baton database ({ex.Message}). " +
            "Move it aside (keep it for inspection) or restore it from a backup, then run Baton again.",
            ex),
        SqliteBusy or SqliteLocked => new StoreException(
            StoreErrorCategory.Busy,
            $"The store {path} stayed locked by another process for too long ({ex.Message}). Try again; " +
            "if it persists, look for a stuck Baton process holding it.",
            ex),
        SqliteConstraint => new StoreException(
            StoreErrorCategory.Conflict, $"The write conflicts with what the store {path} already holds: {ex.Message}", ex),
        _ => new StoreException(StoreErrorCategory.Other, $"The store {path} failed: {ex.Message}", ex),
    };

    /// <summary>Maps file-system failures; returns null for exceptions that are not about the file system.</summary>
    public static StoreException? FromIo(Exception ex, string path) => FileErrors.FromIo(ex, path);

    public static bool IsConstraint(SqliteException ex) => (ex.SqliteErrorCode & 0xFF) == SqliteConstraint;

    public static StoreException Conflict(string message) => new(StoreErrorCategory.Conflict, message);

    public static StoreException Unreadable(string path, string what) => new(
        StoreErrorCategory.Corrupt,
        $"The store {path} holds {what}, which this Baton cannot read. Upgrade Baton, or repair the row.");

    private static StoreException DiskFull(string path, Exception ex) => FileErrors.DiskFull(path, ex);

    private static StoreException NotWritable(string path, Exception ex) => FileErrors.NotWritable(path, ex);
}
