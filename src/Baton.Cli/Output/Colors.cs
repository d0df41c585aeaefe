namespace Baton.Cli.Output;

public static class Colors
{
    public const string Reset = "\u001b[0m";
    public const string Red = "\u001b[31m";
    public const string Green = "\u001b[32m";
    public const string Yellow = "\u001b[33m";
    public const string Blue = "\u001b[34m";
    public const string Dim = "\u001b[2m";
    public const string Bold = "\u001b[1m";
}
