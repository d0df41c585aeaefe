using Baton.Config.Tasks;
using Baton.Core.Model;
using Baton.Core.Tasks;

namespace Baton.Config.Tests;

public class JsonTaskFileTests
{
    private static TaskFileResult Parse(string json) => TaskFileParser.Parse("work/tasks.json", json);

    [Fact]
    public void An_array_of_tasks_is_read_with_every_field()
    {
        var result = Parse("""
            [
              { "id": "T-1", "title": "Fix the login bug", "prompt": "Users cannot log in.", "project": "app",
                "pipeline": "default", "agent": "codex", "stage": "build", "depends_on": ["T-0"], "max_attempts": 2,
                "priority": 5, "labels": ["bug", "auth"], "requester": "@you:example.com" }
            ]
            """);

        result.Errors.ShouldBeEmpty();
        var task = result.Tasks.ShouldHaveSingleItem();
        (task.ExternalKey, task.Id, task.Title, task.Prompt).ShouldBe(("json:T-1", "T-1", "Fix the login bug", "Users cannot log in."));
        (task.Project, task.Pipeline, task.Agent, task.Stage).ShouldBe(("app", "default", "codex", "build"));
        (task.MaxAttempts, task.Priority, task.Requester, task.Done).ShouldBe((2, 5, "@you:example.com", false));
        task.DependsOn.ShouldBe(["T-0"]);
        task.Labels.ShouldBe(["bug", "auth"]);
    }

    [Fact]
    public void An_object_with_tasks_is_read_too()
    {
        var result = Parse("""{ "tasks": [ { "title": "One" }, { "prompt": "Two\nwith details" } ] }""");

        result.Errors.ShouldBeEmpty();
        result.Tasks.Select(t => (t.Title, t.Prompt)).ShouldBe([("One", "One"), ("Two", "Two\nwith details")]);
    }

    [Fact]
    public void Keys_are_the_id_when_given_and_a_hash_of_the_title_otherwise()
    {
        var first = Parse("""[ { "id": "A", "title": "x" }, { "title": "Fix  the Bug" } ]""").Tasks;
        var second = Parse("""[ { "title": "fix the bug", "priority": 3 }, { "id": "A", "title": "renamed" } ]""").Tasks;

        first[0].ExternalKey.ShouldBe("json:A");
        second[1].ExternalKey.ShouldBe("json:A");
        first[1].ExternalKey.ShouldStartWith("json#");
        second[0].ExternalKey.ShouldBe(first[1].ExternalKey);
    }

    [Fact]
    public void Every_bad_field_is_named_by_its_path()
    {
        var result = Parse("""
            [
              { "title": "ok" },
              { "titel": "typo" },
              { "title": "x", "depends_on": "T-1", "max_attempts": 0, "priority": "high", "labels": ["a", 3] },
              { "title": 42, "project": ["a"] }
            ]
            """);

        result.Errors.Select(e => e.Path).ShouldBe(
        [
            "tasks[1].titel",
            "tasks[1].title",
            "tasks[2].depends_on",
            "tasks[2].max_attempts",
            "tasks[2].priority",
            "tasks[2].labels[1]",
            "tasks[3].title",
            "tasks[3].project",
        ]);
        result.Errors[0].Message.ShouldStartWith("unknown field `titel`. Did you mean `title`?");
        result.Errors[3].Message.ShouldBe("0 is out of range: use 1 or more.");
        result.Tasks.ShouldHaveSingleItem().Title.ShouldBe("ok");
    }

    [Fact]
    public void Malformed_json_is_one_error_with_its_line_and_position()
    {
        var result = Parse("[\n  { \"title\": \"a\" },\n  { \"title\": }\n]");

        result.Tasks.ShouldBeEmpty();
        var error = result.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("tasks.json");
        error.Message.ShouldStartWith("not valid JSON at line 3, position 14:");
        error.Message.ShouldNotContain("LineNumber");
    }

    [Fact]
    public void Duplicate_ids_and_titles_are_refused()
    {
        var result = Parse("""[ { "id": "A", "title": "a" }, { "id": "A", "title": "b" }, { "title": "c" }, { "title": "C" } ]""");

        result.Errors.Select(e => e.Path).ShouldBe(["tasks[1].id", "tasks[3].title"]);
        result.Tasks.Select(t => t.Title).ShouldBe(["a", "c"]);
    }

    [Fact]
    public void A_task_cannot_depend_on_itself()
    {
        Parse("""[ { "id": "A", "title": "a", "depends_on": ["A"] } ]""").Errors.ShouldHaveSingleItem().Path.ShouldBe("tasks[0].depends_on");
    }

    [Theory]
    [InlineData("""{ "title": "a" }""", "tasks")]
    [InlineData("""{ "tasks": [], "version": 1 }""", "version")]
    [InlineData("""{ "tasks": {} }""", "tasks")]
    [InlineData("""[ "just a title" ]""", "tasks[0]")]
    public void The_file_must_be_an_array_of_task_objects(string json, string path)
    {
        Parse(json).Errors.ShouldHaveSingleItem().Path.ShouldBe(path);
    }

    [Fact]
    public void Nulls_count_as_absent_and_comments_and_trailing_commas_are_allowed()
    {
        var result = Parse("""
            // queued by hand
            [ { "title": "a", "agent": null, "labels": null, }, ]
            """);

        result.Errors.ShouldBeEmpty();
        result.Tasks.ShouldHaveSingleItem().Agent.ShouldBeNull();
    }

    [Fact]
    public void Other_extensions_are_refused()
    {
        TaskFileParser.Parse("tasks.yaml", "- a").Errors.ShouldHaveSingleItem().Message.ShouldContain("unsupported task file");
    }

    [Fact]
    public void A_draft_becomes_a_queued_task_from_a_file()
    {
        var draft = Parse("""[ { "id": "A", "title": "a", "priority": 2 } ]""").Tasks[0];
        var now = DateTimeOffset.UnixEpoch;

        var task = draft.ToTask("t-1", TaskSource.File, now);

        (task.Id, task.Title, task.Source, task.Priority, task.ExternalKey, task.MaxAttempts, task.State)
            .ShouldBe(("t-1", "a", TaskSource.File, 2, "json:A", 1, TaskState.Queued));
    }
}
