namespace Baton.Engine.Execution;

public sealed class BootstrapFailedException(string message) : Exception(message);
