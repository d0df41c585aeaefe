using System.Text.RegularExpressions;
using Baton.Core.Events;
using Baton.Core.Model;

namespace Baton.Engine.Tests;

/// <summary>Keeps <see cref="StateCatalog"/> honest against the source and the product contract (spec §3, §7).</summary>
public sealed partial class StateCatalogTests
{
    private static readonly string Root = FindRoot();

    /// <summary>Every .cs file that can produce a state or event: everything but Core's definitions and the catalog.</summary>
    private static readonly string Producers = string.Join("\n",
        Directory.GetFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => !f.Contains("/Baton.Core/Model/", StringComparison.Ordinal) && !f.EndsWith("EventType.cs", StringComparison.Ordinal)
                && !f.EndsWith("EventText.cs", StringComparison.Ordinal) && !f.EndsWith("RunRenderer.cs", StringComparison.Ordinal))
            .Select(File.ReadAllText));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Baton.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Baton.slnx) is not above the test assembly");
    }

    [Fact]
    public void Every_value_marked_produced_is_written_somewhere_outside_its_definition()
    {
        var missing = new List<string>();
        foreach (var s in Enum.GetValues<TaskState>().Where(s => StateCatalog.Owner(s) == StateCatalog.Produced))
        {
            Check($"TaskState.{s}");
        }

        foreach (var s in Enum.GetValues<RunState>().Where(s => StateCatalog.Owner(s) == StateCatalog.Produced))
        {
            Check($"RunState.{s}");
        }

        foreach (var r in Enum.GetValues<RunReason>().Where(r => StateCatalog.Owner(r) == StateCatalog.Produced))
        {
            Check($"RunReason.{r}");
        }

        foreach (var t in Enum.GetValues<EventType>().Where(t => StateCatalog.Owner(t) == StateCatalog.Produced))
        {
            Check($"EventType.{t}");
        }

        missing.ShouldBeEmpty("marked produced in StateCatalog but never used by the engine, store or a surface");

        void Check(string member)
        {
            if (!Regex.IsMatch(Producers, $@"\b{Regex.Escape(member)}\b"))
            {
                missing.Add(member);
            }
        }
    }

    [Fact]
    public void Every_event_type_in_the_spec_is_produced_or_owned_by_named_work()
    {
        var spec = File.ReadAllText(Path.Combine(Root, "..", "shared", "spec", "baton.md"));
        var section = spec[spec.IndexOf("Types include", StringComparison.Ordinal)..spec.IndexOf("Unknown agent output", StringComparison.Ordinal)];
        var named = TypeName().Matches(section).Select(m => m.Groups[1].Value).Distinct().ToList();
        named.Count.ShouldBeGreaterThan(20, "the spec's list of event types was found");

        var unknown = named.Where(n => !EventTypeNames.TryParse(n, out _) && !StateCatalog.Planned.ContainsKey(n)).ToList();
        unknown.ShouldBeEmpty("event types the spec names that are neither in EventType nor planned in StateCatalog");
        StateCatalog.Planned.Keys.Where(k => EventTypeNames.TryParse(k, out _)).ShouldBeEmpty("a planned type that exists now must be marked produced instead");
    }

    [Fact]
    public void Every_run_reason_in_the_spec_exists()
    {
        var spec = File.ReadAllText(Path.Combine(Root, "..", "shared", "spec", "baton.md"));
        var section = spec[spec.IndexOf("## 3.", StringComparison.Ordinal)..spec.IndexOf("## 4.", StringComparison.Ordinal)];
        var reasons = section[section.IndexOf("with a reason", StringComparison.Ordinal)..];
        foreach (Match m in ReasonName().Matches(reasons[..reasons.IndexOf("and so on", StringComparison.Ordinal)]))
        {
            Enum.GetValues<RunReason>().Select(r => Core.Text.BatonJson.WireName(r)).ShouldContain(m.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"`([a-z]+\.[a-z_]+)`")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"`([a-z_]+)`")]
    private static partial Regex ReasonName();
}
