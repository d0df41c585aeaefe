namespace Baton.Processes;

/// <summary>A child process could not be started at all; the message names the program and what to do.</summary>
public sealed class ProcessStartException(string fileName, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The program that could not be started, as the spec named it.</summary>
    public string FileName { get; } = fileName;
}
