using Baton.Bench.Infra;

namespace Baton.Bench.Scenarios;

/// <summary>What every scenario gets: the options, the baton under test, a scratch directory and the cancellation token.</summary>
internal sealed record ScenarioContext(BenchOptions Options, BatonCli Baton, TempRoot Temp, CancellationToken Token)
{
    /// <summary>Progress for the person watching; stderr, so stdout stays the table.</summary>
    public static void Say(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
