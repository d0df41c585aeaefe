using Microsoft.AspNetCore.Http;

namespace Baton.ModelServer.Wire;

/// <summary>Writes replies and errors in one protocol's shape.</summary>
internal interface IWireWriter
{
    /// <summary>Writes a text or tool-call reply (streamed when the context says so).</summary>
    Task WriteAsync(HttpResponse response, Outgoing reply, ReplyContext context, CancellationToken ct);

    Task WriteErrorAsync(HttpResponse response, int status, string message, CancellationToken ct);
}
