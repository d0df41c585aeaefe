using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Baton.Engine.Tests;

/// <summary>A project under <c>src/</c>: its csproj (relative to the repository root) and the assembly it builds.</summary>
public sealed record SrcProject(string Csproj, string AssemblyName)
{
    /// <summary>
    /// Every <c>src/**/*.csproj</c> of the repository, so a new project is checked without being listed anywhere. The
    /// assembly name is the csproj's <c>&lt;AssemblyName&gt;</c> when it has one (the CLI builds <c>baton</c>).
    /// </summary>
    public static IReadOnlyList<SrcProject> All { get; } = Discover();

    /// <summary>The compiled assembly beside the test assembly (the test project references the CLI, which references
    /// every project it wires, so the build copies them all here).</summary>
    public string Folder => Path.GetDirectoryName(Csproj)!;

    public string DllPath => Path.Combine(AppContext.BaseDirectory, AssemblyName + ".dll");

    /// <summary>The names of the assemblies this one references, read from its metadata (nothing is loaded).</summary>
    public IReadOnlyList<string> References() => Read(md => md.AssemblyReferences
        .Select(h => md.GetString(md.GetAssemblyReference(h).Name))
        .ToList());

    /// <summary>Runs <paramref name="read"/> over the compiled assembly's metadata; fails clearly when it is missing.</summary>
    public T Read<T>(Func<MetadataReader, T> read)
    {
        if (!File.Exists(DllPath))
        {
            throw new InvalidOperationException(
                $"{Folder} builds {AssemblyName}.dll, which is not beside the test assembly ({DllPath}). Wire the project " +
                "into the composition root (a ProjectReference from src/Baton.Cli) or reference it from " +
                "tests/Baton.Engine.Tests, then build again.");
        }

        using var stream = File.OpenRead(DllPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new InvalidOperationException($"{DllPath} ({Folder}) is not a .NET assembly.");
        }

        return read(pe.GetMetadataReader());
    }

    public override string ToString() => AssemblyName;

    private static List<SrcProject> Discover()
    {
        var root = AgentClis.RepoRoot();
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(csproj => new SrcProject(
                Path.GetRelativePath(root, csproj),
                AssemblyNameOf(csproj)))
            .OrderBy(p => p.AssemblyName, StringComparer.Ordinal)
            .ToList();
    }

    private static string AssemblyNameOf(string csproj)
    {
        var declared = XDocument.Load(csproj).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault();
        return string.IsNullOrEmpty(declared) ? Path.GetFileNameWithoutExtension(csproj) : declared;
    }
}
