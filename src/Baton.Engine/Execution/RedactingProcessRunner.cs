using Baton.Core.Ports;
using Baton.Core.Processes;
using Baton.Core.Text;

namespace Baton.Engine.Execution;

/// <summary>
/// Every line a child prints passes <see cref="SecretRedactor"/> before anyone sees it — the stage log, the agent's
/// parsed events, the output tail — so a secret an agent prints never reaches a file, an event, chat or the dashboard.
/// </summary>
public sealed class RedactingProcessRunner(IProcessRunner inner, SecretRedactor redactor) : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(ProcessSpec spec, ProcessCallbacks callbacks, CancellationToken ct)
    {
        if (redactor.IsEmpty)
        {
            return await inner.RunAsync(spec, callbacks, ct);
        }

        var onLine = callbacks.OnLine;
        var redacted = onLine is null ? callbacks : callbacks with { OnLine = line => onLine(line with { Text = redactor.Redact(line.Text) }) };
        var result = await inner.RunAsync(spec, redacted, ct);
        return result with { Tail = redactor.Redact(result.Tail) };
    }
}
