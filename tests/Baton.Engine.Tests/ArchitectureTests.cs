using System.Xml.Linq;

namespace Baton.Engine.Tests;

/// <summary>
/// The layering rules of docs/architecture.md, checked against the compiled assemblies of every project under
/// <c>src/</c> (found by <see cref="SrcProject.All"/>, so a new project is checked without editing this file): Core
/// references nothing; every other project is an adapter that references only Core; only the composition root wires
/// adapters together.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Core = "Baton.Core";

    /// <summary>The assembly of src/Baton.Cli: the composition root, the one place adapters meet.</summary>
    private const string CompositionRoot = "baton";

    /// <summary>
    /// Adapter-to-adapter references docs/architecture.md allows, and nothing else: Git runs the git CLI through
    /// Processes' runner; the two stores share their SQL (Baton.Store.Sql).
    /// </summary>
    private static readonly Dictionary<string, string[]> AllowedExceptions = new(StringComparer.Ordinal)
    {
        ["Baton.Git"] = ["Baton.Processes"],
        ["Baton.Store.Sqlite"] = [SharedSql],
        ["Baton.Store.Postgres"] = [SharedSql],
    };

    /// <summary>What the relational stores share: not an adapter of its own (nothing wires it), a part of both.</summary>
    private const string SharedSql = "Baton.Store.Sql";

    private static IEnumerable<SrcProject> Adapters =>
        SrcProject.All.Where(p => p.AssemblyName is not (Core or CompositionRoot or SharedSql));

    [Fact]
    public void Every_src_project_is_found_and_built()
    {
        var root = AgentClis.RepoRoot();
        var inSolution = XDocument.Load(Path.Combine(root, "Baton.slnx")).Descendants("Project")
            .Select(p => p.Attribute("Path")!.Value)
            .Where(path => path.StartsWith("src/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        SrcProject.All.Select(p => p.Csproj).Order(StringComparer.Ordinal).ShouldBe(inSolution, "src/ and Baton.slnx list different projects");
        SrcProject.All.Select(p => p.AssemblyName).ShouldContain(Core);
        SrcProject.All.Select(p => p.AssemblyName).ShouldContain(CompositionRoot);
        SrcProject.All.Where(p => !File.Exists(p.DllPath)).Select(p => $"{p.Folder} → {p.DllPath}")
            .ShouldBeEmpty("every src project's assembly is beside the test assembly: wire a new project into src/Baton.Cli, the composition root, whose build copies it here");
    }

    [Fact]
    public void Core_references_no_other_baton_assembly_and_no_package()
    {
        var core = SrcProject.All.Single(p => p.AssemblyName == Core);
        core.References()
            .Where(n => !(n.StartsWith("System", StringComparison.Ordinal) || n is "netstandard" or "mscorlib"))
            .ShouldBeEmpty($"{Core} may reference only the BCL");

        var csproj = XDocument.Load(Path.Combine(AgentClis.RepoRoot(), core.Csproj));
        csproj.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference")
            .Select(e => e.Attribute("Include")?.Value)
            .ShouldBeEmpty($"{Core} may reference no project, package or framework beyond the BCL");
    }

    [Fact]
    public void Each_adapter_references_only_core()
    {
        var violations = Adapters
            .SelectMany(a => BatonReferences(a).Where(r => r != Core && !Allowed(a.AssemblyName, r)).Select(r => $"{a} → {r}"))
            .ToList();

        violations.ShouldBeEmpty($"an adapter may reference only {Core} (exceptions: {Describe(AllowedExceptions)})");
    }

    [Fact]
    public void Only_the_composition_root_references_adapters()
    {
        var adapters = Adapters.Select(a => a.AssemblyName).ToHashSet(StringComparer.Ordinal);
        var violations = SrcProject.All
            .Where(p => p.AssemblyName != CompositionRoot)
            .SelectMany(p => BatonReferences(p).Where(r => adapters.Contains(r) && !Allowed(p.AssemblyName, r)).Select(r => $"{p} → {r}"))
            .ToList();

        violations.ShouldBeEmpty($"only {CompositionRoot} (src/Baton.Cli) may wire adapters together");
    }

    [Fact]
    public void The_composition_root_wires_every_adapter()
    {
        var root = BatonReferences(SrcProject.All.Single(p => p.AssemblyName == CompositionRoot));
        Adapters.Select(a => a.AssemblyName).Where(a => !root.Contains(a))
            .ShouldBeEmpty($"{CompositionRoot} (src/Baton.Cli) references every adapter it wires");
    }

    /// <summary>References to Baton's own assemblies: any src project (whatever its assembly is called) or Baton.*.</summary>
    private static List<string> BatonReferences(SrcProject project)
    {
        var src = SrcProject.All.Select(p => p.AssemblyName).ToHashSet(StringComparer.Ordinal);
        return project.References().Where(r => src.Contains(r) || r.StartsWith("Baton.", StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private static bool Allowed(string from, string to) =>
        AllowedExceptions.TryGetValue(from, out var allowed) && allowed.Contains(to);

    private static string Describe(Dictionary<string, string[]> edges) =>
        string.Join("; ", edges.Select(e => $"{e.Key} → {string.Join(", ", e.Value)}"));
}
