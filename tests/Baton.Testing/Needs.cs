namespace Baton.Testing;

/// <summary>
/// The <c>Needs</c> trait: what a slow test needs beyond .NET, git and bash. <c>./run-tests</c> installs all of it and
/// runs every test; <c>scripts/test-fast</c> leaves out the tests that carry one of these.
/// </summary>
public static class Needs
{
    public const string Trait = "Needs";

    /// <summary>A real Synapse homeserver (<c>scripts/synapse install</c>).</summary>
    public const string Synapse = "synapse";

    /// <summary>The real agent CLIs (<c>scripts/install-agent-clis</c>).</summary>
    public const string AgentCli = "agent-cli";

    /// <summary>Debian's headless Chromium at /usr/bin/chromium.</summary>
    public const string Chromium = "chromium";

    /// <summary>A real PostgreSQL server (<c>scripts/postgres install</c>).</summary>
    public const string Postgres = "postgres";

    /// <summary>The native (ahead-of-time) build of baton: minutes of compiling the first time.</summary>
    public const string NativeBuild = "native-build";
}
