namespace Baton.Core.Config;

/// <summary>Validation of <c>policy.env_pass</c> and <c>projects[].env_pass</c>: variable names, and never a secret's.</summary>
internal static class EnvPassRules
{
    public static void Validate(BatonConfig config, List<ConfigError> errors)
    {
        var secrets = SecretNames.Of(config);
        Check(config.Policy.EnvPass, "policy.env_pass", secrets, errors);
        for (var i = 0; i < config.Projects.Count; i++)
        {
            Check(config.Projects[i].EnvPass, $"projects[{i}].env_pass", secrets, errors);
        }
    }

    private static void Check(IReadOnlyList<string> names, string path, IReadOnlyList<string> secrets, List<ConfigError> errors)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (!IsName(name))
            {
                errors.Add(new($"{path}[{i}]", $"`{name}` is not a variable name: letters, digits and `_`, not starting with a digit (e.g. `HTTPS_PROXY`)."));
            }
            else if (secrets.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(new($"{path}[{i}]", $"`{name}` holds a secret this file names (an `api_key_env` or token); children never get Baton's secrets: remove it."));
            }
        }
    }

    private static bool IsName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
