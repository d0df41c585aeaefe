using Baton.Core.Config;

namespace Baton.Agents.Opencode;

/// <summary>
/// The <c>provider/model</c> opencode runs, and the provider block Baton configures for it. With a base URL, a model
/// without a provider prefix goes to Baton's own OpenAI-compatible provider (<see cref="BatonProvider"/>).
/// </summary>
public sealed record OpencodeModel(string? Argument, string? Provider, string? Model)
{
    public const string BatonProvider = "baton";

    public static OpencodeModel For(AgentConfig agent)
    {
        var model = string.IsNullOrWhiteSpace(agent.Model) ? null : agent.Model.Trim();
        var slash = model?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (model is not null && slash > 0)
        {
            return new OpencodeModel(model, model[..slash], model[(slash + 1)..]);
        }

        if (string.IsNullOrEmpty(agent.BaseUrl))
        {
            return new OpencodeModel(model, null, model);
        }

        return new OpencodeModel(model is null ? null : $"{BatonProvider}/{model}", BatonProvider, model);
    }
}
