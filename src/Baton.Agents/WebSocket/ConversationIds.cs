using System.Security.Cryptography;

namespace Baton.Agents.WebSocket;

/// <summary>
/// New conversation ids for a task: <c>baton:&lt;task_id&gt;:&lt;8 hex&gt;</c>. The task id makes the thread easy to
/// find on the agent's side; the random part keeps a fresh session of the same task apart from the earlier one.
/// </summary>
public static class ConversationIds
{
    public static string New(string taskId) => $"baton:{taskId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
