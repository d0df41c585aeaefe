using Baton.Matrix.Client;

namespace Baton.Matrix.Sync;

/// <summary>What the sync loop hands on. Handlers must be idempotent: after a crash an event may come again.</summary>
public interface ISyncHandler
{
    /// <summary>A room event not yet marked handled; the handler marks it once its effects are stored.</summary>
    Task HandleEventAsync(MatrixEvent evt, CancellationToken ct);

    Task HandleInviteAsync(RoomInvite invite, CancellationToken ct);
}
