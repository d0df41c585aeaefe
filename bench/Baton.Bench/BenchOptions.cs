using System.Globalization;
using Baton.Bench.Infra;

namespace Baton.Bench;

/// <summary>The benchmark's command line. <c>--quick</c> picks small sizes; an explicit size option overrides it.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/Baton.Bench -- [options]
          --tasks-a N        tasks for (a) per-task overhead              (default 200; quick 20)
          --tasks-b N        tasks for (b) throughput vs bash             (default 500; quick 40)
          --events N         agent lines for (c) ingest                   (default 100000; quick 10000)
          --concurrent-d N   concurrent sleeping runs for (d) peak RSS    (default 50; quick 10)
          --sleep-d S        seconds each (d) agent sleeps                (default 5; quick 2)
          --parse-lines N    lines per CLI for (e) stream parsing         (default 200000; quick 20000)
          --turns-f N        real agent turns per CLI for (f)             (default 5; quick 2)
          --requests-g N     lobby messages for (g) Matrix, one at a time (default 50; quick 10)
          --lines-h N        agent lines (sleep 0.01 between) for (h) feed latency (default 200; quick 50)
          --runs-o N         interleaved rounds of one-shot commands for (o) (default 15; quick 3)
          --tasks-o N        finished tasks in the store for (o)'s status/list (default 1000; quick 100)
          --runs-p N         concurrent live runs for (p) under serve     (default 1000; quick 50)
          --parked-r N       runs parked for a person in (r)              (default 100; quick 10)
          --quick            small sizes, for a smoke run
          --only a,...,r     run only these scenarios (a–i, k, o, p, q, r; i also measures j)
          --baton PATH       the baton executable to measure (default: this checkout's native binary, built if missing)
          --jit              measure the ordinary (JIT) Release build instead of the native binary
          --out FILE         JSON results (default .cache/bench/results.json)
          --quiet-wait S     before each scenario wait up to S seconds for the CPUs to be < 25% busy with other work
          --keep             keep the temp dir (for inspection)
        """;

    public int TasksA { get; init; } = 200;
    public int TasksB { get; init; } = 500;
    public int Events { get; init; } = 100_000;
    public int ConcurrentD { get; init; } = 50;
    public int SleepD { get; init; } = 5;
    public int ParseLines { get; init; } = 200_000;
    public int TurnsF { get; init; } = 5;
    public int RequestsG { get; init; } = 50;
    public int LinesH { get; init; } = 200;
    public int RunsO { get; init; } = 15;
    public int TasksO { get; init; } = 1000;
    public int RunsP { get; init; } = 1000;
    public int ParkedR { get; init; } = 100;
    public bool Jit { get; init; }
    public bool Quick { get; init; }
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(["a", "b", "c", "d", "e", "f", "g", "h", "i", "k", "m", "n", "o", "p", "q", "r"]);
    public string? BatonPath { get; init; }
    public string Out { get; init; } = Path.Combine(".cache", "bench", "results.json");
    public bool Keep { get; init; }
    public int QuietWait { get; init; }
    public bool Help { get; init; }

    /// <summary>Parses the arguments; a bad one throws <see cref="BenchException"/> with what is valid.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var options = quick
            ? new BenchOptions { Quick = true, TasksA = 20, TasksB = 40, Events = 10_000, ConcurrentD = 10, SleepD = 2, ParseLines = 20_000, TurnsF = 2, RequestsG = 10, LinesH = 50, RunsO = 3, TasksO = 100, RunsP = 50, ParkedR = 10 }
            : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new BenchException($"{arg} needs a value\n{Usage}");
            int Number(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new BenchException($"{arg} needs a whole number ≥ {min}");
            options = arg switch
            {
                "--quick" => options,
                "--tasks-a" => options with { TasksA = Number(2) },
                "--tasks-b" => options with { TasksB = Number(1) },
                "--events" => options with { Events = Number(1) },
                "--concurrent-d" => options with { ConcurrentD = Number(1) },
                "--sleep-d" => options with { SleepD = Number(1) },
                "--parse-lines" => options with { ParseLines = Number(1) },
                "--turns-f" => options with { TurnsF = Number(1) },
                "--requests-g" => options with { RequestsG = Number(1) },
                "--lines-h" => options with { LinesH = Number(1) },
                "--runs-o" => options with { RunsO = Number(1) },
                "--tasks-o" => options with { TasksO = Number(1) },
                "--runs-p" => options with { RunsP = Number(1) },
                "--parked-r" => options with { ParkedR = Number(2) },
                "--jit" => options with { Jit = true },
                "--only" => options with { Only = ParseOnly(Value()) },
                "--baton" => options with { BatonPath = Value() },
                "--out" => options with { Out = Value() },
                "--keep" => options with { Keep = true },
                "--quiet-wait" => options with { QuietWait = Number(0) },
                "-h" or "--help" => options with { Help = true },
                _ => throw new BenchException($"unknown option {arg}\n{Usage}"),
            };
        }

        return options;
    }

    private static HashSet<string> ParseOnly(string value)
    {
        var set = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToHashSet();
        var bad = set.Where(s => s is not ("a" or "b" or "c" or "d" or "e" or "f" or "g" or "h" or "i" or "k" or "m" or "n" or "o" or "p" or "q" or "r")).ToList();
        return set.Count > 0 && bad.Count == 0 ? set : throw new BenchException($"--only takes scenario letters a,b,c,d,e,f,g,h,i,k,m,n,o,p,q,r (i measures j too); got {value}");
    }
}
