using System.Security.Cryptography;

namespace Baton.Engine.Scheduling;

/// <summary>Short, time-ordered, URL- and branch-safe ids: <c>t</c>/<c>r</c> + base36 milliseconds + random.</summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string NewTaskId() => "t" + Make();

    public static string NewRunId() => "r" + Make();

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
            rand[i] = Alphabet[RandomNumberGenerator.GetInt32(36)];
        }

        return string.Concat(time, rand);
    }
}
