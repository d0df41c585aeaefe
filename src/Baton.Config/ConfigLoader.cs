using Baton.Config.Yaml;
using Baton.Core.Config;

namespace Baton.Config;

/// <summary>
/// Finds, parses, defaults and validates <c>baton.yaml</c>. Never throws for a bad file: every problem is
/// returned at once, each naming its key path (<c>pipelines.default.stages[1].timeout</c>) and what would be valid.
/// </summary>
public static class ConfigLoader
{
    public static readonly IReadOnlyList<string> FileNames = ["baton.yaml", "baton.yml"];

    public static ConfigLoadResult Load(string? explicitPath, string workingDirectory, ConfigDefaults defaults)
    {
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        ArgumentNullException.ThrowIfNull(defaults);
        var directory = Path.GetFullPath(workingDirectory);
        var errors = new List<ConfigError>();
        string? file;
        if (explicitPath is not null)
        {
            file = Path.GetFullPath(explicitPath, directory);
            if (!File.Exists(file))
            {
                errors.Add(new(explicitPath, Directory.Exists(file)
                    ? "is a directory: give the path of a baton.yaml file."
                    : "no such file: give the path of a baton.yaml file, or leave out --config to use ./baton.yaml."));
                return new() { Config = DefaultConfig.Create(defaults), Errors = errors, Path = file, BaseDirectory = directory };
            }
        }
        else
        {
            file = FileNames.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
        }

        if (file is null)
        {
            // Without a file the pipeline is Baton's own default: a missing agent is reported when a run needs one
            // (so `baton serve`, `status` and `doctor` still work in a repository with no agent CLI installed).
            var config = DefaultConfig.Create(defaults);
            var problems = ConfigValidator.Validate(config).Where(e => e.Path != "agents").ToList();
            return new() { Config = config, Errors = problems, BaseDirectory = directory };
        }

        var baseDirectory = Path.GetDirectoryName(file) ?? directory;
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new(Path.GetFileName(file), $"cannot be read: {e.Message}"));
            return new() { Config = DefaultConfig.Create(defaults), Errors = errors, Path = file, BaseDirectory = baseDirectory };
        }

        var result = LoadText(text, Path.GetFileName(file), defaults);
        return result with { Path = file, BaseDirectory = baseDirectory };
    }

    /// <summary>Loads configuration text; <paramref name="fileName"/> names the file in messages about it as a whole.</summary>
    public static ConfigLoadResult LoadText(string text, string fileName, ConfigDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(defaults);
        var errors = new List<ConfigError>();
        var root = YamlSyntax.Parse(text, fileName, errors);
        if (errors.Count > 0)
        {
            return new() { Config = DefaultConfig.Create(defaults), Errors = errors, BaseDirectory = "." };
        }

        var (mapped, hasAgents) = root is null
            ? (new BatonConfig(), false)
            : ConfigMapper.Map(new YamlReader(errors), root, fileName, defaults.RepoDirName);
        var config = DefaultConfig.Complete(mapped, defaults, hasAgents);
        errors.AddRange(WithoutEchoes(ConfigValidator.Validate(config), errors));
        return new() { Config = config, Errors = [.. errors.Distinct()], BaseDirectory = "." };
    }

    /// <summary>
    /// Drops validator errors that only repeat a problem the loader already reported: where a value could not be
    /// read, the loader put in a placeholder, and the validator would complain about the placeholder too.
    /// </summary>
    private static IEnumerable<ConfigError> WithoutEchoes(IReadOnlyList<ConfigError> validation, List<ConfigError> loading)
    {
        var covered = loading.Select(e => e.Path.EndsWith(".kind", StringComparison.Ordinal) ? e.Path[..^".kind".Length] : e.Path)
            .Where(p => p.Length > 0)
            .ToList();
        return validation.Where(v => !covered.Any(c => v.Path == c || v.Path.StartsWith(c + ".", StringComparison.Ordinal) || v.Path.StartsWith(c + "[", StringComparison.Ordinal)));
    }
}
