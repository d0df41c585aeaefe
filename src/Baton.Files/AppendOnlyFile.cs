using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Baton.Files;

/// <summary>
/// A file opened with <c>O_APPEND</c>: every write lands at the end of the file as it is at that moment, whoever else
/// appends to it. <see cref="FileStream"/> in <see cref="FileMode.Append"/> remembers the end it saw when it opened
/// and writes there (<c>pwrite</c>), so two processes appending to one file — workers of one state directory sharing
/// <c>baton.log</c> — overwrite each other's lines. Writes of up to a page reach the file whole.
/// </summary>
internal sealed partial class AppendOnlyFile : IDisposable
{
    // Linux (asm-generic) open(2) flags, the same on x64 and arm64.
    private const int OWrOnly = 0x1;
    private const int OCreat = 0x40;
    private const int OAppend = 0x400;
    private const int OCloExec = 0x80000;
    private const int EIntr = 4;
    private const int EAcces = 13;
    private const int ENoEnt = 2;
    private const int EInval = 22;
    private const int ENotSup = 95;

    private readonly SafeFileHandle _handle;

    private AppendOnlyFile(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    /// <summary>The file's length now (other writers' appends included).</summary>
    public long Length => RandomAccess.GetLength(_handle);

    /// <summary>Opens <paramref name="path"/> for appending, creating it (mode 0644 less the umask) if needed.</summary>
    /// <exception cref="IOException">It cannot be opened; <see cref="IOException.HResult"/> is the errno.</exception>
    public static AppendOnlyFile Open(string path)
    {
        while (true)
        {
            var fd = OpenNative(path, OWrOnly | OCreat | OAppend | OCloExec, 0x1A4);
            if (fd >= 0)
            {
                return new AppendOnlyFile(new SafeFileHandle((nint)fd, ownsHandle: true), path);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != EIntr)
            {
                throw Failure(errno, $"cannot open {path}");
            }
        }
    }

    /// <summary>Appends all of <paramref name="bytes"/>.</summary>
    /// <exception cref="IOException">The write failed (a full disk, say); part of it may be in the file.</exception>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var written = WriteNative(_handle, bytes, (nuint)bytes.Length);
            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr)
                {
                    continue;
                }

                throw Failure(errno, $"cannot write {Path}");
            }

            bytes = bytes[(int)written..];
        }
    }

    /// <summary>Cuts the file back to <paramref name="length"/> bytes.</summary>
    public void Truncate(long length) => RandomAccess.SetLength(_handle, length);

    /// <summary>Waits until what was written is on disk (a device that cannot sync, such as a pipe, is left as is).</summary>
    public void FlushToDisk()
    {
        if (FsyncNative(_handle) != 0 && Marshal.GetLastPInvokeError() is var errno && errno is not (EInval or ENotSup))
        {
            throw Failure(errno, $"cannot sync {Path}");
        }
    }

    public void Dispose() => _handle.Dispose();

    private static Exception Failure(int errno, string what)
    {
        var message = $"{what}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno switch
        {
            EAcces => new UnauthorizedAccessException(message),
            ENoEnt => new DirectoryNotFoundException(message),
            _ => new IOException(message, errno),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(SafeFileHandle fd, ReadOnlySpan<byte> buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(SafeFileHandle fd);
}
