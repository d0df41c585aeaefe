using Baton.Core.Text;

namespace Baton.Cli.Output;

public static class Names
{
    public static string Of<T>(T value) where T : struct, Enum => value.WireName();

    public static string Of<T>(T? value) where T : struct, Enum => value is { } v ? v.WireName() : "-";
}
