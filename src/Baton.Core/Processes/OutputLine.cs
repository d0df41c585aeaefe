namespace Baton.Core.Processes;

public readonly record struct OutputLine(bool IsError, string Text);
