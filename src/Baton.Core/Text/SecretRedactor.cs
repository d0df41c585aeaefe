namespace Baton.Core.Text;

/// <summary>
/// Replaces the values of Baton's secrets (<see cref="Config.SecretNames"/>) in text a child printed with
/// <c>[redacted NAME]</c>. Values shorter than <see cref="MinLength"/> are left alone: they would match ordinary words.
/// </summary>
public sealed class SecretRedactor
{
    public const int MinLength = 6;

    public static readonly SecretRedactor None = new([]);

    private readonly (string Name, string Value)[] _secrets;

    public SecretRedactor(IEnumerable<(string Name, string Value)> secrets) =>
        // Longest first, so a secret that contains another is replaced whole.
        _secrets = [.. secrets.Where(s => s.Value.Length >= MinLength).OrderByDescending(s => s.Value.Length)];

    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>The secrets named, read through <paramref name="read"/> (unset ones are skipped).</summary>
    public static SecretRedactor From(IEnumerable<string> names, Func<string, string?> read) =>
        new(names.Select(n => (Name: n, Value: read(n))).Where(s => s.Value is not null).Select(s => (s.Name, s.Value!)));

    public string Redact(string text)
    {
        foreach (var (name, value) in _secrets)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, $"[redacted {name}]", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
