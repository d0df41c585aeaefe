namespace Baton.Bench.Infra;

/// <summary>A benchmark step that could not be carried out (a command failed, a check did not hold).</summary>
internal sealed class BenchException : Exception
{
    public BenchException()
    {
    }

    public BenchException(string message)
        : base(message)
    {
    }

    public BenchException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
