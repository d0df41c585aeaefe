using Baton.Core.Config;

namespace Baton.Config.Tests;

/// <summary>The <c>server:</c> section: where <c>baton serve</c> listens and the tokens it takes; every bad value refused with its key path.</summary>
public sealed class ServerSectionTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    private static ConfigLoadResult Load(string server) => ConfigLoader.LoadText("version: 1\nserver:\n" + server, "baton.yaml", Defaults);

    [Fact]
    public void Without_the_section_serve_listens_on_loopback_8080_without_a_token()
    {
        var server = ConfigLoader.LoadText("version: 1\n", "baton.yaml", Defaults).Config.Server;

        (server.Host, server.Port, server.Enabled, server.HasTokens, server.IsLoopback).ShouldBe(("127.0.0.1", 8080, true, false, true));
    }

    [Fact]
    public void Everything_can_be_set()
    {
        var result = Load("""
              listen: "0.0.0.0:9090"
              token_env: BATON_TOKEN
              tokens: { alice: BATON_TOKEN_ALICE, ci-bot: CI_TOKEN }
            """);

        result.Errors.ShouldBeEmpty();
        var server = result.Config.Server;
        (server.Host, server.Port, server.TokenEnv, server.IsLoopback).ShouldBe(("0.0.0.0", 9090, "BATON_TOKEN", false));
        server.Tokens.ShouldBe(new Dictionary<string, string> { ["alice"] = "BATON_TOKEN_ALICE", ["ci-bot"] = "CI_TOKEN" });
    }

    [Theory]
    [InlineData("8081", "127.0.0.1", 8081)]
    [InlineData("localhost:7000", "localhost", 7000)]
    [InlineData("\"[::1]:7001\"", "::1", 7001)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    public void Listen_takes_host_port_a_bracketed_ipv6_address_or_a_bare_port(string listen, string host, int port)
    {
        var result = Load($"  listen: {listen}\n");

        result.Errors.ShouldBeEmpty();
        (result.Config.Server.Host, result.Config.Server.Port).ShouldBe((host, port));
    }

    [Theory]
    [InlineData("  listen: \"127.0.0.1:99999\"\n", "server.listen", "is not host:port")]
    [InlineData("  listen: \"::1:80\"\n", "server.listen", "is not host:port")]
    [InlineData("  listen: \"example.com:80\"\n", "server.listen", "is not an IP address")]
    [InlineData("  listen: \"0.0.0.0:8080\"\n", "server.listen", "needs a token")]
    [InlineData("  token_env: \"s3cr3t-value!\"\n", "server.token_env", "never the token itself")]
    [InlineData("  tokens: { alice: \"x y\" }\n", "server.tokens.alice", "never the token itself")]
    [InlineData("  tokens: { \"a b\": ALICE }\n", "server.tokens.a b", "who is asking")]
    [InlineData("  port: 80\n", "server.port", "unknown key")]
    public void A_bad_value_is_refused_with_its_key_path(string yaml, string path, string fragment)
    {
        var errors = Load(yaml).Errors;

        errors.ShouldContain(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal), string.Join("\n", errors));
        errors.ShouldNotContain(e => e.Message.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void Off_loopback_is_accepted_with_a_token_or_when_the_server_is_off()
    {
        Load("  listen: \"0.0.0.0:8080\"\n  tokens: { alice: ALICE_TOKEN }\n").Errors.ShouldBeEmpty();
        Load("  listen: \"0.0.0.0:8080\"\n  enabled: false\n").Errors.ShouldBeEmpty();
    }
}
