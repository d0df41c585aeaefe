namespace Baton.Core.Model;

/// <summary>A state change the transition table does not allow; the message names both states.</summary>
public sealed class IllegalTransitionException(string message) : InvalidOperationException(message);
