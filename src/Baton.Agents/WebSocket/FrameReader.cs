using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Baton.Core.Agents;

namespace Baton.Agents.WebSocket;

/// <summary>
/// Reads whole messages (all fragments, text or binary, as UTF-8) from the socket. One message may not exceed
/// <c>maxFrameBytes</c> and a turn may not exceed four times that, so a runaway server ends the turn instead of the
/// process's memory; the budget also bounds every loop here.
/// </summary>
internal sealed class FrameReader(ClientWebSocket socket, int maxFrameBytes)
{
    private readonly byte[] _chunk = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _message = new();
    private long _budget = maxFrameBytes * 4L;

    public bool HasBudget => _budget > 0;

    /// <summary>The next whole message, or null when the server closed the connection.</summary>
    public async Task<string?> ReadAsync(CancellationToken ct)
    {
        _message.ResetWrittenCount();
        while (_budget > 0)
        {
            var received = await socket.ReceiveAsync(_chunk.AsMemory(), ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            // Empty fragments cost one byte of budget, so a server sending only those cannot keep us looping.
            _budget -= Math.Max(1, received.Count);
            if (_message.WrittenCount + received.Count > maxFrameBytes)
            {
                throw new AgentSocketFailure(AgentFailureKind.Unknown, $"a frame from the agent is larger than {Mib(maxFrameBytes)}; Baton stopped reading it");
            }

            _message.Write(_chunk.AsSpan(0, received.Count));
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(_message.WrittenSpan);
            }
        }

        throw new AgentSocketFailure(AgentFailureKind.Unknown, $"the agent sent more than {Mib(maxFrameBytes * 4L)} in one turn; Baton stopped reading");
    }

    private static string Mib(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
}
