using Baton.Core.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Parses YAML text into a tree; a syntax error becomes one <see cref="ConfigError"/> with its line and column.</summary>
internal static class YamlSyntax
{
    /// <summary>The root node, or null for an empty document (or after a syntax error, which is added to <paramref name="errors"/>).</summary>
    public static YamlNode? Parse(string text, string fileName, List<ConfigError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add(new(fileName, $"line {e.Start.Line}, column {e.Start.Column}: {Describe(e)}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet sometimes fails without a position (an unclosed flow list); find the last place that parsed.
            var last = LastGood(text);
            errors.Add(new(fileName, $"line {last.Line}, column {last.Column}: the YAML is not valid after this point: check for an unclosed `[`, `{{` or quote."));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(new(fileName, $"line {stream.Documents[1].RootNode.Start.Line}: expected one YAML document, found {stream.Documents.Count} (separated by `---`)."));
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static string Describe(YamlException e)
    {
        var message = e.Message;
        return message.StartsWith("Duplicate key", StringComparison.Ordinal)
            ? $"duplicate key `{message["Duplicate key".Length..].Trim()}`: each key may appear once in a mapping."
            : message;
    }

    private static Mark LastGood(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current?.End ?? last;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Expected: the point is where it stopped.
        }

        return last;
    }
}
