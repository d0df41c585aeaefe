using System.Text;
using Baton.Core.Config;
using Baton.Core.Model;

namespace Baton.Engine.Execution;

/// <summary>Builds the prompt of an agent turn from the task, the role, the stage's extra instructions and gate feedback.</summary>
public static class PromptBuilder
{
    public static string Build(TaskItem task, AgentRole role, StageConfig stage, IReadOnlyList<GateResult> failedGates) =>
        Build(new PromptContext { Task = task, Role = role, Stage = stage, FailedGates = failedGates });

    public static string Build(PromptContext context)
    {
        var text = new StringBuilder();
        if (context.ContinuesSession && (context.FailedGates.Count > 0 || context.ReviewFeedback is not null || context.Guidance is not null))
        {
            // The session already holds the task, the instructions and the earlier attempt: say only what failed.
            AppendGates(text, context.FailedGates);
            AppendFeedback(text, context.ReviewFeedback);
            AppendGuidance(text, context.Guidance);
            return text.ToString().TrimStart();
        }

        text.AppendLine(RoleIntro(context.Role));
        if (!context.ContinuesSession)
        {
            AppendInstructions(text, context.Instructions);
        }

        text.AppendLine();
        text.AppendLine("# Task");
        text.AppendLine(string.IsNullOrWhiteSpace(context.Task.Prompt) ? context.Task.Title : context.Task.Prompt);
        if (context.Plan is { Length: > 0 } plan && context.Role != AgentRole.Planner)
        {
            text.AppendLine();
            text.AppendLine("# The plan");
            text.AppendLine(plan.TrimEnd());
        }

        if (!string.IsNullOrWhiteSpace(context.Stage.Prompt))
        {
            text.AppendLine();
            text.AppendLine("# Instructions for this stage");
            text.AppendLine(context.Stage.Prompt);
        }

        AppendGates(text, context.FailedGates);
        AppendFeedback(text, context.ReviewFeedback);
        AppendGuidance(text, context.Guidance);
        if (context.Role == AgentRole.Reviewer && context.ReviewMaterial is { } material)
        {
            text.AppendLine();
            text.AppendLine(material.TrimEnd());
            text.AppendLine();
            text.AppendLine(VerdictInstructions);
        }

        return text.ToString();
    }

    /// <summary>How a reviewer must end its answer (spec §9).</summary>
    public const string VerdictInstructions = """
        # Your verdict
        Review the change against the task. Do not change any file. End your answer with your verdict as one JSON object
        in a fenced `json` block, exactly in this shape:
        ```json
        {"verdict": "approved", "summary": "one sentence", "findings": [{"file": "path", "line": 12, "severity": "low|medium|high", "note": "what is wrong"}]}
        ```
        `verdict` is `approved` (ready as it is), `concerns` (should be improved, not dangerous) or `blocker` (must not land).
        """;

    /// <summary>Asked of a reviewer whose answer had no readable verdict, once, in the same session.</summary>
    public const string VerdictAgain = """
        Your answer did not end with a readable verdict. Reply with only the JSON verdict object, in a fenced `json` block:
        {"verdict": "approved" | "concerns" | "blocker", "summary": "…", "findings": [{"file": "…", "line": 12, "severity": "…", "note": "…"}]}
        """;

    private static void AppendFeedback(StringBuilder text, string? feedback)
    {
        if (feedback is null)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("# The review sent your previous attempt back");
        text.AppendLine("Address every finding below, keeping the build and tests green.");
        text.AppendLine(feedback.TrimEnd());
    }

    private static void AppendGuidance(StringBuilder text, string? guidance)
    {
        if (guidance is null)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("# Your last turn failed and a person was asked; they answered");
        text.AppendLine(guidance.TrimEnd());
    }

    private static void AppendInstructions(StringBuilder text, IReadOnlyList<(string Name, string Text)> instructions)
    {
        foreach (var (name, body) in instructions)
        {
            text.AppendLine();
            text.Append("# The repository's ").Append(name).AppendLine();
            text.AppendLine(body.TrimEnd());
        }
    }

    private static void AppendGates(StringBuilder text, IReadOnlyList<GateResult> failedGates)
    {
        if (failedGates.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("# The quality gates failed on your previous attempt");
        text.AppendLine("Fix the cause so that every gate below exits 0. Do not weaken or skip the gates.");
        foreach (var gate in failedGates)
        {
            text.AppendLine();
            text.Append("## `").Append(gate.Command).Append("` ");
            text.AppendLine(gate.TimedOut ? "timed out" : $"exited {gate.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "without a code"}");
            text.AppendLine("```");
            text.AppendLine(gate.OutputTail.TrimEnd());
            text.AppendLine("```");
        }
    }

    private static string RoleIntro(AgentRole role) => role switch
    {
        AgentRole.Planner => "You are the planner. Read the repository and write a short, concrete plan for the task. Do not change files.",
        AgentRole.Builder => "You are the builder. Make the change the task asks for in this repository, keeping the build and tests green.",
        AgentRole.Tester => "You are the tester. Check the change against the task: run the tests, add missing ones, report what fails.",
        AgentRole.Reviewer => "You are the reviewer. Review the change for correctness and risk. Answer approved, concerns or blocker, with reasons.",
    };
}
