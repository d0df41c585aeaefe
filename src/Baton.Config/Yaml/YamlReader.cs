using System.Globalization;
using Baton.Core.Config;
using Baton.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>
/// Reads typed values out of a YAML tree and records every problem with its key path, so mapping goes on
/// after an error and the user sees all of them at once.
/// </summary>
internal sealed class YamlReader(List<ConfigError> errors)
{
    private static readonly string[] SecretKeys = ["api_key", "apikey", "token", "access_token", "password", "secret"];

    public IReadOnlyList<ConfigError> Errors => errors;

    public void Error(string path, string message) => errors.Add(new ConfigError(path, message));

    public static bool IsNull(YamlNode? node) =>
        node is null
        || node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The entries of a mapping whose keys are all in <paramref name="keys"/>; others are reported.</summary>
    public YamlFields? Mapping(YamlNode node, string path, string example, IReadOnlyList<string> keys)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(path, $"expected a mapping such as `{example}`, got {Describe(node)}.");
            return null;
        }

        var fields = new YamlFields(this, path);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(path, $"expected plain keys, got {Describe(keyNode)} as a key.");
                continue;
            }

            if (keys.Contains(key))
            {
                fields.Add(key, value);
            }
            else if (SecretKeys.Contains(key.ToLowerInvariant()))
            {
                Error(Child(path, key), $"`{key}` looks like a secret, and secrets are never written into baton.yaml: put it in an environment variable and name that variable with `api_key_env` (e.g. `api_key_env: OPENAI_API_KEY`).");
            }
            else if (UnbuiltKeys.Message(Child(path, key), key) is { } unbuilt)
            {
                Error(Child(path, key), unbuilt);
            }
            else
            {
                Error(Child(path, key), $"unknown key `{key}`.{Suggestions.DidYouMean(key, keys)} Valid keys: {string.Join(", ", keys)}.");
            }
        }

        return fields;
    }

    public IReadOnlyList<YamlNode>? Sequence(YamlNode node, string path, string example)
    {
        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children];
        }

        Error(path, $"expected a list such as `{example}`, got {Describe(node)}.");
        return null;
    }

    public string? String(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? "";
        }

        Error(path, $"expected text, got {Describe(node)}.");
        return null;
    }

    public int? Int(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(path, $"expected a whole number, got {Describe(node)}.");
        return null;
    }

    public decimal? Decimal(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } text }
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(path, $"expected a number such as `20` or `2.50`, got {Describe(node)}.");
        return null;
    }

    public bool? Bool(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(path, $"expected `true` or `false`, got {Describe(node)}.");
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } text } && Durations.TryParse(text, out var value))
        {
            return value;
        }

        Error(path, $"expected a duration, got {Describe(node)}: use {Durations.Hint}.");
        return null;
    }

    public T? Enum<T>(YamlNode node, string path, EnumNames<T> names)
        where T : struct, Enum
    {
        if (node is not YamlScalarNode { Value: { } text })
        {
            Error(path, $"expected a {names.Noun} ({names.Valid}), got {Describe(node)}.");
            return null;
        }

        if (names.TryParse(text, out var value))
        {
            return value;
        }

        Error(path, $"`{Clip(text)}` is not a valid {names.Noun}.{Suggestions.DidYouMean(text, names.Names)} Valid: {names.Valid}.");
        return null;
    }

    public List<string>? StringList(YamlNode node, string path, string example)
    {
        if (Sequence(node, path, example) is not { } items)
        {
            return null;
        }

        var list = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (String(items[i], $"{path}[{i}]") is { } text)
            {
                list.Add(text);
            }
        }

        return list;
    }

    public Dictionary<string, string>? StringMap(YamlNode node, string path, string example)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(path, $"expected a mapping such as `{example}`, got {Describe(node)}.");
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } key } && String(value, Child(path, key)) is { } text)
            {
                map[key] = text;
            }
        }

        return map;
    }

    /// <summary>How a node reads in a message: "a list", "a mapping", or the scalar itself (shortened).</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "nothing",
        YamlScalarNode scalar => $"`{Clip(scalar.Value ?? "")}`",
        _ => "an alias",
    };

    private static string Clip(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
