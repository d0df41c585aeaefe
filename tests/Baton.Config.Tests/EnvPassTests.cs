using Baton.Core.Config;

namespace Baton.Config.Tests;

/// <summary><c>policy.env_pass</c> and <c>projects[].env_pass</c>: read, and refused for what is not a name or is a secret's.</summary>
public sealed class EnvPassTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    [Fact]
    public void Both_lists_are_read()
    {
        var result = ConfigLoader.LoadText("""
            policy: { env_pass: [HTTPS_PROXY, MY_INDEX] }
            projects:
              - { key: app, env_pass: [PROJECT_MIRROR] }
            """, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Policy.EnvPass.ShouldBe(["HTTPS_PROXY", "MY_INDEX"]);
        result.Config.Projects[0].EnvPass.ShouldBe(["PROJECT_MIRROR"]);
    }

    [Fact]
    public void A_bad_name_or_a_secret_is_refused_with_its_path()
    {
        var errors = ConfigLoader.LoadText("""
            agents:
              shell: { kind: command, command: "true", api_key_env: SHELL_KEY }
            server: { token_env: API_TOKEN }
            policy: { env_pass: ["9LIVES", "HAS SPACE", SHELL_KEY] }
            projects:
              - { key: app, env_pass: [API_TOKEN] }
            """, "baton.yaml", Defaults).Errors;

        errors.Select(e => e.Path).ShouldBe(["policy.env_pass[0]", "policy.env_pass[1]", "policy.env_pass[2]", "projects[0].env_pass[0]"], ignoreOrder: true);
        errors.Single(e => e.Path == "policy.env_pass[2]").Message.ShouldContain("holds a secret");
    }
}
