using System.Reflection;

namespace Baton.Engine.Tests;

/// <summary>The layering rules of docs/architecture.md, checked against the compiled assemblies.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] Adapters = ["Baton.Config", "Baton.Processes", "Baton.Git", "Baton.Store.Sqlite", "Baton.Files", "Baton.Agents", "Baton.Engine", "Baton.Matrix", "Baton.Web"];

    private static IReadOnlyList<string> BatonReferences(string assembly) =>
        Assembly.Load(assembly).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Baton.", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public void Core_references_no_other_baton_assembly_and_no_package()
    {
        var core = Assembly.Load("Baton.Core");
        core.GetReferencedAssemblies().Select(a => a.Name!)
            .ShouldAllBe(n => n.StartsWith("System", StringComparison.Ordinal) || n == "netstandard" || n == "mscorlib");
    }

    [Theory]
    [InlineData("Baton.Config", new string[] { "Baton.Core" })]
    [InlineData("Baton.Processes", new string[] { "Baton.Core" })]
    [InlineData("Baton.Git", new string[] { "Baton.Core", "Baton.Processes" })]
    [InlineData("Baton.Store.Sqlite", new string[] { "Baton.Core" })]
    [InlineData("Baton.Files", new string[] { "Baton.Core" })]
    [InlineData("Baton.Agents", new string[] { "Baton.Core" })]
    [InlineData("Baton.Engine", new string[] { "Baton.Core" })]
    [InlineData("Baton.Matrix", new string[] { "Baton.Core" })]
    [InlineData("Baton.Web", new string[] { "Baton.Core" })]
    public void Each_project_depends_only_inward(string assembly, string[] allowed)
    {
        BatonReferences(assembly).ShouldAllBe(r => allowed.Contains(r), $"{assembly} may reference only {string.Join(", ", allowed)}");
    }

    [Fact]
    public void Only_the_cli_wires_adapters_together()
    {
        var cli = BatonReferences("baton");
        foreach (var adapter in Adapters)
        {
            cli.ShouldContain(adapter);
        }
    }
}
