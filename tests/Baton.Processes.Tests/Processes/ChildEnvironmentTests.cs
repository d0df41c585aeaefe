namespace Baton.Processes.Tests.Processes;

public sealed class ChildEnvironmentTests
{
    [Fact]
    public void Copies_only_the_allow_list_and_never_secrets()
    {
        Environment.SetEnvironmentVariable("BATON_SECRET_TEST", "x");
        Environment.SetEnvironmentVariable("SOME_API_TOKEN", "x");
        Environment.SetEnvironmentVariable("SOME_API_KEY", "x");
        Environment.SetEnvironmentVariable("DB_PASSWORD", "x");

        var environment = ChildEnvironment.Create();

        environment.Keys.ShouldAllBe(k => ChildEnvironment.Inherited.Contains(k));
        environment["PATH"].ShouldBe(Environment.GetEnvironmentVariable("PATH"));
    }

    [Fact]
    public void Extras_are_added_and_win()
    {
        var environment = ChildEnvironment.Create(new Dictionary<string, string> { ["GIT_TERMINAL_PROMPT"] = "0", ["PATH"] = "/x" });

        environment["GIT_TERMINAL_PROMPT"].ShouldBe("0");
        environment["PATH"].ShouldBe("/x");
    }
}
