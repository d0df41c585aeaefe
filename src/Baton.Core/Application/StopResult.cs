using Baton.Core.Model;

namespace Baton.Core.Application;

/// <summary>A run after a stop: ended (<see cref="Stopped"/>), or still winding down in its owner when the wait ran out.</summary>
public sealed record StopResult(RunRecord Run, bool Stopped);
