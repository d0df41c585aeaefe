using Baton.Core.Ports;
using Baton.Core.Processes;

namespace Baton.Processes.Tests.Support;

/// <summary>A runner that adds or replaces environment variables of every child, e.g. a HOME without git identity.</summary>
public sealed class EnvironmentOverride(IProcessRunner inner, IReadOnlyDictionary<string, string> overrides) : IProcessRunner
{
    public Task<ProcessResult> RunAsync(ProcessSpec spec, ProcessCallbacks callbacks, CancellationToken ct)
    {
        var environment = new Dictionary<string, string>(spec.Environment);
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }

        return inner.RunAsync(spec with { Environment = environment }, callbacks, ct);
    }
}
