using System.Globalization;
using System.Text;

namespace Baton.Bench.Infra;

/// <summary>
/// A throwaway git repository on branch <c>main</c> with a few dozen small files, a <c>.gitignore</c> for Baton's state
/// and the bash baseline's worktrees, and the given <c>baton.yaml</c>, all committed.
/// </summary>
internal sealed class BenchRepo
{
    private BenchRepo(string path) => Path = path;

    public string Path { get; }

    public string StateDir => System.IO.Path.Combine(Path, ".baton");

    public string DatabasePath => System.IO.Path.Combine(StateDir, "baton.db");

    public static async Task<BenchRepo> CreateAsync(string path, string batonYaml, CancellationToken ct)
    {
        Directory.CreateDirectory(path);
        await Git.RunAsync(path, ct, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(System.IO.Path.Combine(path, ".gitignore"), ".baton/\n.bash-wt/\n", ct);
        await File.WriteAllTextAsync(System.IO.Path.Combine(path, "baton.yaml"), batonYaml, ct);
        await File.WriteAllTextAsync(System.IO.Path.Combine(path, "README.md"), "# bench\n\nA throwaway repository for Baton's benchmark.\n", ct);
        for (var dir = 0; dir < 4; dir++)
        {
            var sub = Directory.CreateDirectory(System.IO.Path.Combine(path, "src", $"m{dir}")).FullName;
            for (var file = 0; file < 10; file++)
            {
                var text = new StringBuilder();
                for (var line = 0; line < 40; line++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"line {line} of file {file} in module {dir}\n");
                }

                await File.WriteAllTextAsync(System.IO.Path.Combine(sub, $"f{file}.txt"), text.ToString(), ct);
            }
        }

        await Git.RunAsync(path, ct, "add", "-A");
        await Git.RunAsync(path, ct, "commit", "-q", "-m", "init");
        return new BenchRepo(path);
    }
}
