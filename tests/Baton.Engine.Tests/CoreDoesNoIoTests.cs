using System.Reflection.Metadata;

namespace Baton.Engine.Tests;

/// <summary>
/// Baton.Core is the model and the ports; files, processes, the network, databases, the console and the environment
/// belong to adapters. Read from Core's metadata: every type and member it references from another assembly.
/// </summary>
public sealed class CoreDoesNoIoTests
{
    /// <summary>
    /// Types (exact names; nested types as <c>Outer+Inner</c>) and namespaces (ending in '.') Core may not use.
    /// System.IO.Path is allowed: it computes strings (GetFullPath reads the current directory, never the disk);
    /// the two members of it that touch the disk or the environment are banned below. TextWriter and Stream are
    /// allowed: they are abstractions an adapter hands in (IRunFiles.OpenLog). System.Net.IPAddress is allowed below.
    /// </summary>
    private static readonly string[] BannedTypes =
    [
        "System.IO.File", "System.IO.FileInfo", "System.IO.FileSystemInfo", "System.IO.Directory", "System.IO.DirectoryInfo",
        "System.IO.DriveInfo", "System.IO.FileStream", "System.IO.FileSystemWatcher", "System.IO.RandomAccess",
        "System.IO.Pipes.", "System.IO.MemoryMappedFiles.", "System.IO.Enumeration.",
        "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo",
        "System.Net.", "Microsoft.Data.", "Microsoft.Win32.", "System.Console",
    ];

    /// <summary>Members banned on types that are otherwise fine.</summary>
    private static readonly string[] BannedMembers =
    [
        "System.IO.Path::GetTempFileName", "System.IO.Path::GetTempPath",
        "System.Environment::GetEnvironmentVariable", "System.Environment::GetEnvironmentVariables",
        "System.Environment::SetEnvironmentVariable", "System.Environment::ExpandEnvironmentVariables",
        "System.Environment::Exit", "System.Environment::FailFast", "System.Environment::GetCommandLineArgs",
        "System.Environment::GetFolderPath", "System.Environment::get_CurrentDirectory", "System.Environment::set_CurrentDirectory",
    ];

    /// <summary>Banned types that are pure values: parsing an address is not talking to the network (ServerRules).</summary>
    private static readonly string[] AllowedTypes = ["System.Net.IPAddress"];

    /// <summary>
    /// Uses of a banned type that Core has today, tolerated member by member so nothing else of those types slips in.
    /// TODO(guard-rails): FileErrors.NearestExisting (src/Baton.Core/Store/FileErrors.cs:54,56) probes the disk to word
    /// its message; move the probe to the adapters (Files, Store.Sqlite) and empty this list.
    /// </summary>
    private static readonly string[] Tolerated = ["System.IO.Directory::Exists", "System.IO.File::Exists"];

    [Fact]
    public void Core_uses_no_file_process_network_database_console_or_environment_api()
    {
        var core = SrcProject.All.Single(p => p.AssemblyName == "Baton.Core");
        var violations = core.Read(Violations);

        violations.ShouldBeEmpty("Baton.Core does no I/O: move this use into an adapter behind a port in Core");
    }

    private static List<string> Violations(MetadataReader md)
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.TypeReferences)
        {
            var type = FullName(md, handle);
            if (IsBanned(type) && !Tolerated.Any(t => t.StartsWith(type + "::", StringComparison.Ordinal)))
            {
                violations.Add(type);
            }
        }

        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var type = FullName(md, (TypeReferenceHandle)member.Parent);
            var name = $"{type}::{md.GetString(member.Name)}";
            if ((IsBanned(type) || BannedMembers.Contains(name)) && !Tolerated.Contains(name))
            {
                violations.Add(name);
            }
        }

        return [.. violations];
    }

    private static bool IsBanned(string type) =>
        !AllowedTypes.Contains(type)
        && BannedTypes.Any(b => b.EndsWith('.') ? type.StartsWith(b, StringComparison.Ordinal) : type == b || type.StartsWith(b + "+", StringComparison.Ordinal));

    private static string FullName(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var name = md.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? $"{FullName(md, (TypeReferenceHandle)type.ResolutionScope)}+{name}"
            : $"{md.GetString(type.Namespace)}.{name}";
    }
}
