namespace Baton.Engine.Scheduling;

/// <summary>Short, time-ordered, URL- and branch-safe ids: <c>t</c>/<c>r</c> + base36 milliseconds + random.</summary>
/// <remarks>
/// The random part needs to be unlikely to repeat, not unguessable: <see cref="Random.Shared"/> (seeded from the kernel)
/// rather than <c>RandomNumberGenerator</c>, which on Linux loads and initialises OpenSSL — ~3 MB and milliseconds that
/// a one-shot command would pay for one id.
/// </remarks>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string NewTaskId() => "t" + Make();

    public static string NewRunId() => "r" + Make();

    /// <summary>A question put to a person (<c>baton approve RUN --id …</c>).</summary>
    public static string NewApprovalId() => "a" + Make();

    private static string Make()
    {
        var ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Span<char> time = stackalloc char[9];
        for (var i = time.Length - 1; i >= 0; i--)
        {
            time[i] = Alphabet[(int)(ms % 36)];
            ms /= 36;
        }

        Span<char> rand = stackalloc char[5];
        for (var i = 0; i < rand.Length; i++)
        {
            rand[i] = Alphabet[Random.Shared.Next(36)];
        }

        return string.Concat(time, rand);
    }
}
