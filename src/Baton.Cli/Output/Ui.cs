using System.Text.Json.Serialization.Metadata;
using Baton.Cli.Hosting;
using Baton.Core.Text;

namespace Baton.Cli.Output;

/// <summary>
/// Where a verb's output goes. Text mode: results on stdout, progress on stderr. JSON mode: exactly one JSON document on
/// stdout, everything for people on stderr. Colour only on a terminal and never with NO_COLOR.
/// </summary>
public sealed class Ui(OutputFormat format, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal, bool stdoutIsTerminal)
{
    public static Ui ForConsole(OutputFormat format) => new(
        format, Console.Out, Console.Error, !Console.IsErrorRedirected, !Console.IsOutputRedirected);

    public OutputFormat Format { get; } = format;

    public bool Json => Format == OutputFormat.Json;

    /// <summary>True when live, redrawn progress makes sense (stderr is a terminal).</summary>
    public bool Live { get; } = stderrIsTerminal && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public TextWriter Err => stderr;

    private readonly bool _color = Environment.GetEnvironmentVariable("NO_COLOR") is null && (stdoutIsTerminal || stderrIsTerminal);

    /// <summary>A line for people: stdout in text mode, stderr in JSON mode.</summary>
    public void Line(string text = "") => (Json ? stderr : stdout).WriteLine(text);

    /// <summary>A progress line for people, always on stderr.</summary>
    public void Progress(string text) => stderr.WriteLine(text);

    /// <summary>The verb's result: as JSON on stdout, or rendered for people.</summary>
    /// <param name="type">Picks the value's contract from <see cref="CliJson"/>; only called in JSON mode, so a verb
    /// printing text never pays for the serializer's start-up.</param>
    public void Result<T>(T value, Func<CliJson, JsonTypeInfo<T>> type, Action<Ui> human)
    {
        if (Json)
        {
            stdout.WriteLine(BatonJson.Serialize(value, type(CliJson.Output)));
        }
        else
        {
            human(this);
        }
    }

    public void Error(string message, IReadOnlyList<string> details, int exitCode)
    {
        stderr.WriteLine(Paint($"error: {message}", Colors.Red));
        foreach (var line in details)
        {
            stderr.WriteLine($"  - {line}");
        }

        if (Json)
        {
            stdout.WriteLine(BatonJson.Serialize(new ErrorResult(new ErrorDetail(message, details, exitCode)), CliJson.Output.ErrorResult));
        }
    }

    public string Paint(string text, string color) => _color ? $"{color}{text}{Colors.Reset}" : text;
}
