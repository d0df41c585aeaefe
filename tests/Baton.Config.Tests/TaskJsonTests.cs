using Baton.Config.Tasks;
using Baton.Core.Tasks;

namespace Baton.Config.Tests;

public class TaskJsonTests
{
    [Fact]
    public void One_task_is_read_with_field_paths()
    {
        var (task, errors) = TaskJson.ParseOne("""{ "title": "Fix it", "labels": ["bug"], "max_attempts": 3 }""");

        errors.ShouldBeEmpty();
        task.ShouldNotBeNull();
        (task.Title, task.Prompt, task.MaxAttempts).ShouldBe(("Fix it", "Fix it", 3));
        task.Labels.ShouldBe(["bug"]);
    }

    [Fact]
    public void A_bad_task_gives_every_error_and_no_task()
    {
        var (task, errors) = TaskJson.ParseOne("""{ "prompt": "", "depends_on": ["a", ""], "colour": "red" }""");

        task.ShouldBeNull();
        errors.Select(e => e.Path).ShouldBe(["colour", "title", "depends_on[1]"]);
    }

    [Theory]
    [InlineData("not json", "task", "not valid JSON at line 1, position")]
    [InlineData("[]", "task", "expected a task object")]
    [InlineData("{ \"id\": \" \", \"title\": \"a\" }", "id", "must not be empty")]
    public void Malformed_input_is_one_clear_error(string json, string path, string message)
    {
        var (task, errors) = TaskJson.ParseOne(json);

        task.ShouldBeNull();
        var error = errors.ShouldHaveSingleItem();
        error.Path.ShouldBe(path);
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void A_numeric_id_is_kept_as_text()
    {
        TaskJson.ParseOne("""{ "id": 123, "title": "a" }""").Task!.ExternalKey.ShouldBe("json:123");
    }

    [Fact]
    public void A_long_prompt_without_title_gets_its_first_line_shortened()
    {
        var prompt = new string('x', 100) + "\nmore";

        var task = TaskJson.ParseOne($$"""{ "prompt": "{{prompt.Replace("\n", "\\n", StringComparison.Ordinal)}}" }""").Task!;

        task.Title.Length.ShouldBe(80);
        task.Title.ShouldEndWith("...");
        task.Prompt.ShouldBe(prompt);
    }
}
