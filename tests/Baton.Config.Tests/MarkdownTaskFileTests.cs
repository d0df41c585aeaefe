using Baton.Config.Tasks;
using Baton.Core.Tasks;

namespace Baton.Config.Tests;

public class MarkdownTaskFileTests
{
    private static TaskFileResult Parse(string markdown) => TaskFileParser.Parse("docs/TASKS.md", markdown);

    [Fact]
    public void Checklist_items_become_tasks_and_checked_ones_are_done()
    {
        var result = Parse("""
            # Tasks

            Some intro text.

            - [ ] Add a health endpoint
            * [x] Set up CI
            - [X] Write the README
            - a plain bullet is not a task
            + [ ] Plus bullets count too
            """);

        result.Errors.ShouldBeEmpty();
        result.Tasks.Select(t => (t.Title, t.Done)).ShouldBe(
        [
            ("Add a health endpoint", false),
            ("Set up CI", true),
            ("Write the README", true),
            ("Plus bullets count too", false),
        ]);
        result.Tasks[0].Prompt.ShouldBe("Add a health endpoint");
    }

    [Fact]
    public void Indented_text_under_an_item_is_its_prompt()
    {
        var result = Parse("""
            - [ ] Add a health endpoint
              Return 200 with the version.

              Cover it with a test:
                  GET /health
            - [ ] Next
            Not indented, so not part of any prompt.
            """);

        result.Tasks[0].Prompt.ShouldBe("Return 200 with the version.\n\nCover it with a test:\n    GET /health");
        result.Tasks[1].Prompt.ShouldBe("Next");
    }

    [Fact]
    public void Nested_checklist_items_are_tasks_of_their_own()
    {
        var result = Parse("""
            - [ ] Parent
              Details of the parent.
              - [ ] Child
                Details of the child.
            """);

        result.Tasks.Select(t => (t.Title, t.Prompt)).ShouldBe([("Parent", "Details of the parent."), ("Child", "Details of the child.")]);
    }

    [Fact]
    public void Checklists_inside_code_fences_are_examples_not_tasks()
    {
        var result = Parse("""
            ```markdown
            - [ ] not a task
            ```
            - [ ] Real task
              ```
              - [ ] part of the prompt
              ```
            """);

        var task = result.Tasks.ShouldHaveSingleItem();
        task.Title.ShouldBe("Real task");
        task.Prompt.ShouldBe("```\n- [ ] part of the prompt\n```");
    }

    [Fact]
    public void Keys_hash_the_title_so_resync_is_idempotent_when_lines_move_or_get_checked()
    {
        var before = Parse("- [ ] Alpha\n- [ ] Beta task\n").Tasks;
        var after = Parse("# Moved\n\n- [x] beta   TASK\n  now with details\n\n- [ ] Alpha\n").Tasks;

        before.Select(t => t.ExternalKey).ShouldAllBe(k => k.StartsWith("md:", StringComparison.Ordinal));
        after.Single(t => t.Title == "Alpha").ExternalKey.ShouldBe(before[0].ExternalKey);
        after.Single(t => t.Done).ExternalKey.ShouldBe(before[1].ExternalKey);
        before[0].ExternalKey.ShouldNotBe(before[1].ExternalKey);
    }

    [Fact]
    public void The_same_title_twice_is_an_error_naming_both_lines()
    {
        var result = Parse("- [ ] Same\n- [ ] Other\n- [x] same\n");

        var error = result.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("TASKS.md:3");
        error.Message.ShouldContain("line 1");
        result.Tasks.Select(t => t.Title).ShouldBe(["Same", "Other"]);
    }

    [Fact]
    public void An_empty_item_is_an_error_with_its_line()
    {
        Parse("- [ ] Fine\n- [ ]\n").Errors.ShouldHaveSingleItem().Path.ShouldBe("TASKS.md:2");
    }

    [Fact]
    public void Windows_line_endings_and_an_empty_file_are_fine()
    {
        Parse("- [ ] One\r\n  details\r\n- [ ] Two\r\n").Tasks.Select(t => (t.Title, t.Prompt)).ShouldBe([("One", "details"), ("Two", "Two")]);
        Parse("").ShouldBe(new TaskFileResult([], []), new ResultComparer());
    }

    private sealed class ResultComparer : IEqualityComparer<TaskFileResult>
    {
        public bool Equals(TaskFileResult? x, TaskFileResult? y) => x?.Tasks.Count == y?.Tasks.Count && x?.Errors.Count == y?.Errors.Count;

        public int GetHashCode(TaskFileResult obj) => obj.Tasks.Count;
    }
}
