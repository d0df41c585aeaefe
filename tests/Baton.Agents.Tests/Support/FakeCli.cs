using Baton.Core.Agents;
using Baton.Core.Config;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// A stand-in executable named like a real agent CLI, on the PATH of the turns it builds: it records its argv and its
/// stdin next to itself and prints nothing. With a temp workspace, agent home and prompt file; deleted on dispose.
/// </summary>
public sealed class FakeCli : IDisposable
{
    private readonly string _root = TempDir.Create("fake-cli");

    public FakeCli(string name)
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Workspace);
        Executable = Path.Combine(Bin, name);
        File.WriteAllText(Executable, "#!/bin/sh\nprintf '%s\\0' \"$@\" > \"$0.args\"\ncat > \"$0.stdin\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Bin => Path.Combine(_root, "bin");

    public string Executable { get; }

    public string Workspace => Path.Combine(_root, "ws");

    public string Home => Path.Combine(_root, "home");

    public string PromptFile => Path.Combine(_root, "prompt.md");

    /// <summary>What the last run read on stdin, byte for byte.</summary>
    public byte[] Stdin => File.ReadAllBytes(Executable + ".stdin");

    /// <summary>The argv of the last run (without argv[0]).</summary>
    public IReadOnlyList<string> Args => File.ReadAllText(Executable + ".args").Split('\0')[..^1];

    public AgentTurn Turn(AgentConfig agent, string prompt = "Say hello", string? session = null, AgentSecret? key = null) => new()
    {
        Agent = agent,
        Role = AgentRole.Builder,
        Prompt = prompt,
        PromptFile = PromptFile,
        Workspace = Workspace,
        TaskId = "t-1",
        RunId = "r-1",
        Stage = "build",
        SessionId = session,
        Environment = new Dictionary<string, string> { ["PATH"] = Bin + ":/usr/bin:/bin" },
        HomeDirectory = Home,
        ApiKey = key,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Every file under the temp root (home, workspace, prompt), for secrets that must not be there.</summary>
    public IEnumerable<string> Files => Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories);

    public void Dispose() => TempDir.Delete(_root);
}
