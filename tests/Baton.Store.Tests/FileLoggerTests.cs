using Baton.Files.Logging;
using Baton.Testing;
using Microsoft.Extensions.Logging;

namespace Baton.Store.Tests;

public sealed class FileLoggerTests : IDisposable
{
    private readonly string _dir = TempDir.Create("logs");

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public void No_entry_no_file()
    {
        using var provider = new FileLoggerProvider(Path.Combine(_dir, "logs"));

        provider.CreateLogger("Baton.Test");

        Directory.Exists(Path.Combine(_dir, "logs")).ShouldBeFalse("a verb that logs nothing leaves no file");
    }

    [Fact]
    public void An_entry_is_on_disk_when_the_call_returns_with_its_whole_exception()
    {
        using var provider = new FileLoggerProvider(Path.Combine(_dir, "logs"));
        var logger = provider.CreateLogger("Baton.Test");
        Exception thrown;
        try
        {
            throw new InvalidOperationException("outer", new IOException("the disk said no"));
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        logger.Log(LogLevel.Error, new EventId(2002), "run r1 failed", thrown, static (s, _) => s);

        var text = File.ReadAllText(provider.Path);
        text.ShouldContain($"ERROR [2002] {Environment.ProcessId} Baton.Test: run r1 failed");
        text.ShouldContain("System.InvalidOperationException: outer");
        text.ShouldContain("---> System.IO.IOException: the disk said no");
        text.ShouldContain(nameof(An_entry_is_on_disk_when_the_call_returns_with_its_whole_exception), Case.Sensitive, "the stack trace is kept");
    }

    [Fact]
    public void Past_its_size_the_file_rotates_and_keeps_only_so_many()
    {
        using var provider = new FileLoggerProvider(Path.Combine(_dir, "logs")) { MaxBytes = 1000, Keep = 2 };
        var logger = provider.CreateLogger("Baton.Test");

        for (var i = 0; i < 100; i++)
        {
            logger.Log(LogLevel.Information, new EventId(1), $"entry {i:D3} " + new string('x', 80), null, static (s, _) => s);
        }

        var files = Directory.GetFiles(Path.Combine(_dir, "logs")).Select(Path.GetFileName).Order().ToList();
        files.ShouldBe(["baton.1.log", "baton.2.log", "baton.log"]);
        files.Select(f => new FileInfo(Path.Combine(_dir, "logs", f!)).Length).ShouldAllBe(n => n <= 1000 + 200);
        File.ReadAllLines(provider.Path)[^1].ShouldContain("entry 099");
        File.ReadAllText(Path.Combine(_dir, "logs", "baton.2.log")).ShouldNotContain("entry 000", Case.Sensitive, "older files beyond Keep are deleted");
    }

    [Fact]
    public void Two_writers_of_one_file_never_overwrite_each_others_entries()
    {
        // Two providers hold two descriptors of one file, as two worker processes of one state directory do.
        using var first = new FileLoggerProvider(Path.Combine(_dir, "logs"));
        using var second = new FileLoggerProvider(Path.Combine(_dir, "logs"));
        var a = first.CreateLogger("Baton.A");
        var b = second.CreateLogger("Baton.B");

        for (var i = 0; i < 50; i++)
        {
            a.Log(LogLevel.Information, new EventId(1), $"a {i:D2}", null, static (s, _) => s);
            b.Log(LogLevel.Information, new EventId(1), $"b {i:D2} and a longer tail", null, static (s, _) => s);
        }

        var lines = File.ReadAllLines(first.Path);
        lines.Length.ShouldBe(100);
        lines.Count(l => l.EndsWith(" Baton.A: a 49", StringComparison.Ordinal)).ShouldBe(1);
        lines.Count(l => l.EndsWith(" Baton.B: b 49 and a longer tail", StringComparison.Ordinal)).ShouldBe(1);
        lines.ShouldAllBe(l => l.Contains(" Baton.A: a ", StringComparison.Ordinal) || l.Contains(" Baton.B: b ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_writer_whose_file_another_rotated_writes_to_the_new_file_without_rotating_it_away()
    {
        using var first = new FileLoggerProvider(Path.Combine(_dir, "logs")) { MaxBytes = 1000, Keep = 3 };
        using var second = new FileLoggerProvider(Path.Combine(_dir, "logs")) { MaxBytes = 1000, Keep = 3 };
        var a = first.CreateLogger("Baton.A");
        var b = second.CreateLogger("Baton.B");
        b.Log(LogLevel.Information, new EventId(1), "b opens the file", null, static (s, _) => s);

        for (var i = 0; i < 12; i++)
        {
            a.Log(LogLevel.Information, new EventId(1), $"a {i:D2} " + new string('x', 80), null, static (s, _) => s);
        }

        b.Log(LogLevel.Information, new EventId(1), "b writes after the rotation", null, static (s, _) => s);
        b.Log(LogLevel.Information, new EventId(1), "b again", null, static (s, _) => s);

        File.ReadAllText(Path.Combine(_dir, "logs", "baton.1.log")).ShouldContain("b opens the file");
        var current = File.ReadAllText(first.Path);
        current.ShouldContain("b again", Case.Sensitive, "the writer that saw its file rotated went on in the new one");
        File.Exists(Path.Combine(_dir, "logs", "baton.2.log")).ShouldBeFalse("no second rotation of a file under its size");
    }
}
