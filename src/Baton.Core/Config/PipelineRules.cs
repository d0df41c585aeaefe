namespace Baton.Core.Config;

/// <summary>The checks of one pipeline's stages and gates, and of the agents and pipelines they refer to.</summary>
internal static class PipelineRules
{
    internal const string NoAgentMessage =
        "no agent configured: add one under `agents:`, e.g. `shell: { kind: command, command: \"...\" }`";

    public static void Validate(BatonConfig config, List<ConfigError> errors)
    {
        var needsAgent = false;
        foreach (var (name, pipeline) in config.Pipelines)
        {
            var path = $"pipelines.{name}";
            if (!ConfigNames.IsName(name))
            {
                errors.Add(new(path, $"`{name}` is not a valid pipeline name: use letters, digits, `-`, `_` and `.`."));
            }

            if (pipeline.Stages.Count == 0)
            {
                errors.Add(new($"{path}.stages", "a pipeline needs at least one stage, e.g. `- { id: build, role: builder }`."));
            }

            if (pipeline.MaxAttempts < 1)
            {
                errors.Add(new($"{path}.max_attempts", $"{pipeline.MaxAttempts} is out of range: use 1 or more (builder attempts per run)."));
            }

            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < pipeline.Stages.Count; i++)
            {
                var stage = pipeline.Stages[i];
                var stagePath = $"{path}.stages[{i}]";
                ValidateId(stage, i, stagePath, ids, errors);
                ValidateCommon(stage, stagePath, errors);
                needsAgent |= ValidateKind(config, stage, stagePath, errors) && !pipeline.Implicit;
            }

            for (var i = 0; i < pipeline.Gates.Count; i++)
            {
                ValidateGate(pipeline.Gates[i], $"{path}.gates[{i}]", errors);
            }
        }

        if (needsAgent && config.Agents.Count == 0)
        {
            errors.Add(new("agents", NoAgentMessage));
        }
    }

    private static void ValidateId(StageConfig stage, int index, string path, Dictionary<string, int> ids, List<ConfigError> errors)
    {
        if (string.IsNullOrEmpty(stage.Id))
        {
            errors.Add(new($"{path}.id", "a stage needs `id`: letters, digits, `-`, `_` and `.`, e.g. `build`."));
        }
        else if (!ConfigNames.IsName(stage.Id))
        {
            errors.Add(new($"{path}.id", $"`{stage.Id}` is not a valid stage id: use letters, digits, `-`, `_` and `.`."));
        }
        else if (!ids.TryAdd(stage.Id, index))
        {
            errors.Add(new($"{path}.id", $"duplicate stage id `{stage.Id}` (also stages[{ids[stage.Id]}]): ids must be unique within a pipeline."));
        }
    }

    private static void ValidateCommon(StageConfig stage, string path, List<ConfigError> errors)
    {
        if (stage.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add(new($"{path}.timeout", "must be longer than zero, e.g. `20m`."));
        }

        if (stage.Retries < 0)
        {
            errors.Add(new($"{path}.retries", $"{stage.Retries} is out of range: use 0 or more."));
        }

        if (stage.RetryDelay < TimeSpan.Zero)
        {
            errors.Add(new($"{path}.retry_delay", "must not be negative, e.g. `2s`."));
        }

        var kind = stage.Kind.ToString().ToLowerInvariant();
        void NotFor(bool given, string key, string owner)
        {
            if (given)
            {
                errors.Add(new($"{path}.{key}", $"`{key}` applies only to {owner} stages, and this one is `{kind}`."));
            }
        }

        NotFor(stage.Kind != StageKind.Command && stage.Command is not null, "command", "command");
        NotFor(stage.Kind != StageKind.Pipeline && stage.Pipeline is not null, "pipeline", "pipeline");
        NotFor(stage.Kind != StageKind.Review && stage.Reviewers.Count > 0, "reviewers", "review");
        NotFor(stage.Kind != StageKind.Review && stage.PauseAt != 2, "pause_at", "review");
        NotFor(stage.Kind != StageKind.Review && stage.SendBack, "send_back", "review");
        NotFor(stage.Kind != StageKind.Agent && stage.Agent is not null, "agent", "agent");
        NotFor(stage.Kind != StageKind.Agent && stage.Role is not null, "role", "agent");
    }

    /// <summary>Checks what the stage's kind requires; returns whether the stage needs an agent.</summary>
    private static bool ValidateKind(BatonConfig config, StageConfig stage, string path, List<ConfigError> errors)
    {
        switch (stage.Kind)
        {
            case StageKind.Agent:
                if (config.Agents.Count == 0)
                {
                    return true;
                }

                if (stage.Agent is { } agent && !config.Agents.ContainsKey(agent))
                {
                    errors.Add(new($"{path}.agent", ConfigValidator.UnknownName("agent", agent, config.Agents.Keys)));
                }
                else if (stage.Agent is null && config.DefaultAgent is null)
                {
                    errors.Add(new($"{path}.agent", $"no agent named and no default agent: name one of {string.Join(", ", config.Agents.Keys)}."));
                }

                return true;
            case StageKind.Command:
                if (string.IsNullOrWhiteSpace(stage.Command))
                {
                    errors.Add(new($"{path}.command", "a command stage needs `command`: the shell command to run, e.g. `dotnet test`."));
                }

                return false;
            case StageKind.Pipeline:
                if (string.IsNullOrWhiteSpace(stage.Pipeline))
                {
                    errors.Add(new($"{path}.pipeline", "a pipeline stage needs `pipeline`: the name of another pipeline."));
                }
                else if (!config.Pipelines.ContainsKey(stage.Pipeline))
                {
                    errors.Add(new($"{path}.pipeline", ConfigValidator.UnknownName("pipeline", stage.Pipeline, config.Pipelines.Keys)));
                }

                return false;
            case StageKind.Review:
                ValidateReviewers(config, stage, path, errors);
                if (stage.PauseAt < 0)
                {
                    errors.Add(new($"{path}.pause_at", "must be 0 (never pause for concerns) or more, e.g. `2`."));
                }

                return true;
            case StageKind.Approval:
                if (config.Policy.Approval == ApprovalPolicy.Never)
                {
                    errors.Add(new($"{path}.kind",
                        $"an `approval` stage asks a person, and `policy.approval` is `never`: set `policy.approval: on-request` (or `always`), or remove stage `{stage.Id}`."));
                }

                return false;
        }

        return false;
    }

    private static void ValidateReviewers(BatonConfig config, StageConfig stage, string path, List<ConfigError> errors)
    {
        if (stage.Reviewers.Count == 0)
        {
            errors.Add(new($"{path}.reviewers", "a review stage needs `reviewers`: a list of agent names, e.g. `[claude, gemini]`."));
            return;
        }

        if (config.Agents.Count == 0)
        {
            return;
        }

        for (var i = 0; i < stage.Reviewers.Count; i++)
        {
            if (!config.Agents.ContainsKey(stage.Reviewers[i]))
            {
                errors.Add(new($"{path}.reviewers[{i}]", ConfigValidator.UnknownName("agent", stage.Reviewers[i], config.Agents.Keys)));
            }
        }
    }

    private static void ValidateGate(GateConfig gate, string path, List<ConfigError> errors)
    {
        if (string.IsNullOrWhiteSpace(gate.Command))
        {
            errors.Add(new(path, "a gate needs a command that must exit 0, e.g. `dotnet test`."));
        }

        if (gate.Timeout <= TimeSpan.Zero)
        {
            errors.Add(new($"{path}.timeout", "must be longer than zero, e.g. `30m`."));
        }
    }
}
