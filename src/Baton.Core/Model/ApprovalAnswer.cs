namespace Baton.Core.Model;

/// <summary>A person's answer to an <see cref="ApprovalRecord"/>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<ApprovalAnswer>))]
public enum ApprovalAnswer
{
    Approved,
    Denied,
    /// <summary>An escalation answered in words: the run goes on with the text as guidance.</summary>
    Answered,
}
