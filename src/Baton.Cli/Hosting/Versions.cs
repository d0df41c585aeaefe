using System.Reflection;

namespace Baton.Cli.Hosting;

/// <summary>Baton's version, as the build stamped it.</summary>
public static class Versions
{
    public static string Current { get; } =
        typeof(Versions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}
