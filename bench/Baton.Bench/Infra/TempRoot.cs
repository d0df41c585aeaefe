namespace Baton.Bench.Infra;

/// <summary>The benchmark's scratch directory under the system temp dir; removed (after a leftover sweep) on dispose.</summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot(bool keep)
    {
        Keep = keep;
        Path = Directory.CreateTempSubdirectory("baton-bench-").FullName;
    }

    public string Path { get; }

    public bool Keep { get; }

    /// <summary>A fresh subdirectory for one scenario.</summary>
    public string NewDir(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        LeftoverSweeper.Sweep(Path);
        if (Keep)
        {
            Console.Error.WriteLine($"kept {Path}");
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not remove {Path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"could not remove {Path}: {e.Message}");
        }
    }
}
