namespace Baton.Processes;

/// <summary>
/// Builds the explicit environment a child process gets: a short allow-list of variables a tool needs to find
/// programs, its home and its locale, and the non-secret settings package managers and TLS need behind a proxy or a
/// private index — and nothing else from Baton's own environment (no tokens, keys or <c>BATON_*</c> settings).
/// Whatever else a child needs is passed in <c>extra</c>, on purpose (<c>policy.env_pass</c> names more).
/// </summary>
public static class ChildEnvironment
{
    /// <summary>The variables copied from the current process when they are set.</summary>
    public static IReadOnlyList<string> Inherited { get; } =
    [
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SHELL", "TERM",
        // Proxies and certificates (curl, git, pip, npm, node, Python's requests honour these).
        "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "GIT_SSL_CAINFO",
        // Package indexes and registries.
        "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST", "UV_INDEX_URL", "UV_EXTRA_INDEX_URL",
        "NPM_CONFIG_REGISTRY", "npm_config_registry", "YARN_REGISTRY", "GOPROXY", "GOPRIVATE", "CARGO_REGISTRIES_CRATES_IO_PROTOCOL",
    ];

    public static IReadOnlyDictionary<string, string> Create(IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }
}
