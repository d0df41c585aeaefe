namespace Baton.Core.Store;

/// <summary>
/// Turns file-system failures (the store's files, the run files) into <see cref="StoreException"/>s that name the path
/// and say what to do. Shared by every store and by the run-file mirror.
/// </summary>
public static class FileErrors
{
    // errno values that .NET on Unix puts in IOException.HResult.
    private const int ENotDir = 20;
    private const int ENoSpc = 28;
    private const int ERoFs = 30;
    private const int EDQuot = 122;

    /// <summary>Maps file-system failures; returns null for exceptions that are not about the file system.</summary>
    public static StoreException? FromIo(Exception ex, string path) => ex switch
    {
        StoreException => null,
        UnauthorizedAccessException => NotWritable(path, ex),
        IOException io when IsDiskFull(io) => DiskFull(path, ex),
        IOException io when io.HResult is ERoFs or ENotDir => NotWritable(path, ex),
        DirectoryNotFoundException => NotWritable(path, ex),
        IOException => new StoreException(StoreErrorCategory.Other, $"Writing {path} failed: {ex.Message}", ex),
        _ => null,
    };

    private static bool IsDiskFull(IOException io) =>
        io.HResult is ENoSpc or EDQuot
        || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
        || io.Message.Contains("quota exceeded", StringComparison.OrdinalIgnoreCase);

    public static StoreException DiskFull(string path, Exception ex) => new(
        StoreErrorCategory.DiskFull,
        $"Cannot write {path}: the disk is full ({ex.Message}). Free disk space on the volume holding {Dir(path)} " +
        "and try again; what was already stored is intact.",
        ex);

    public static StoreException NotWritable(string path, Exception ex)
    {
        var (dir, file) = NearestExisting(Dir(path));
        var hint = file is null ? "" : $" ({file} is a file where a directory is needed)";
        return new StoreException(
            StoreErrorCategory.NotWritable,
            $"Cannot write {path} ({ex.Message}). Check permissions of {dir}{hint}: the user running Baton must be " +
            "able to create and write files there.",
            ex);
    }

    /// <summary>The deepest directory of <paramref name="dir"/> that exists, and the file blocking the path, if any.</summary>
    private static (string Dir, string? File) NearestExisting(string dir)
    {
        string? file = null;
        var current = dir;
        while (!Directory.Exists(current))
        {
            if (File.Exists(current))
            {
                file = current;
            }

            var parent = Path.GetDirectoryName(current);
            if (parent is null)
            {
                return (dir, file);
            }

            current = parent;
        }

        return (current, file);
    }

    private static string Dir(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? path;
}
