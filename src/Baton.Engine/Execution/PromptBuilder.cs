using System.Text;
using Baton.Core.Config;
using Baton.Core.Model;

namespace Baton.Engine.Execution;

/// <summary>Builds the prompt of an agent turn from the task, the role, the stage's extra instructions and gate feedback.</summary>
public static class PromptBuilder
{
    public static string Build(TaskItem task, AgentRole role, StageConfig stage, IReadOnlyList<GateResult> failedGates)
    {
        var text = new StringBuilder();
        text.AppendLine(RoleIntro(role));
        text.AppendLine();
        text.AppendLine("# Task");
        text.AppendLine(string.IsNullOrWhiteSpace(task.Prompt) ? task.Title : task.Prompt);
        if (!string.IsNullOrWhiteSpace(stage.Prompt))
        {
            text.AppendLine();
            text.AppendLine("# Instructions for this stage");
            text.AppendLine(stage.Prompt);
        }

        if (failedGates.Count > 0)
        {
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

        return text.ToString();
    }

    private static string RoleIntro(AgentRole role) => role switch
    {
        AgentRole.Planner => "You are the planner. Read the repository and write a short, concrete plan for the task. Do not change files.",
        AgentRole.Builder => "You are the builder. Make the change the task asks for in this repository, keeping the build and tests green.",
        AgentRole.Tester => "You are the tester. Check the change against the task: run the tests, add missing ones, report what fails.",
        AgentRole.Reviewer => "You are the reviewer. Review the change for correctness and risk. Answer approved, concerns or blocker, with reasons.",
    };
}
