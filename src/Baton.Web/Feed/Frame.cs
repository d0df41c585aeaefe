using System.Globalization;
using System.Text;
using Baton.Core.Events;
using Baton.Core.Text;

namespace Baton.Web.Feed;

/// <summary>An event with its Server-Sent Events frame (<c>id:</c> its position, <c>data:</c> its wire JSON), encoded once for every client.</summary>
internal sealed class Frame(RunEvent e)
{
    private byte[]? _bytes;

    public RunEvent Event { get; } = e;

    public long Position => Event.Position;

    /// <summary>Encoded on first use (the hub's clients share it; a replay makes its own).</summary>
    public byte[] Bytes => _bytes ??= Encoding.UTF8.GetBytes(
        $"id: {Event.Position.ToString(CultureInfo.InvariantCulture)}\ndata: {BatonJson.Serialize(Event)}\n\n");
}
