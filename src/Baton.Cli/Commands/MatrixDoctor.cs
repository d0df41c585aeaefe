using Baton.Cli.Chat;
using Baton.Cli.Hosting;
using Baton.Core.Config;
using Baton.Matrix.Client;

namespace Baton.Cli.Commands;

/// <summary>What <c>baton doctor</c> says about <c>matrix:</c>: the secret's variable is set, the homeserver answers, the bot can log in.</summary>
internal static class MatrixDoctor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<(string Status, string Detail, string? Fix)> CheckAsync(MatrixConfig matrix, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = ChatWiring.Client(matrix, new RetryPolicy { MaxAttempts = 1 });
            await client.ConnectAsync(timeout.Token);
            return ("ok", $"{matrix.Homeserver} answers; logged in as {matrix.UserId} (device {matrix.DeviceId})", null);
        }
        catch (UserErrorException ex)
        {
            return ("fail", ex.Message, $"export {matrix.AccessTokenEnv ?? matrix.PasswordEnv}=… before starting baton");
        }
        catch (MatrixException ex)
        {
            return ("fail", $"{matrix.Homeserver} refused {matrix.UserId}: {ex.Message}",
                ex.Status == System.Net.HttpStatusCode.Forbidden || ex.IsUnknownToken ? "check the bot's password or token and matrix.user_id" : null);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return ("fail", $"{matrix.Homeserver} does not answer ({ex.Message})", "check matrix.homeserver and that the server is up");
        }
    }
}
