using System.Globalization;
using System.Text;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Core.Metrics;

/// <summary>
/// Baton's metrics, folded from the event feed (never from tables): runs by state, run and stage durations, gate
/// results, agent errors by kind, tokens and cost by agent and project, queue depth and the oldest waiting task.
/// Apply every event once, in position order; <see cref="Prometheus"/> renders the text exposition format
/// (names prefixed <c>baton_</c>). Thread-safe: one writer, any number of readers.
/// </summary>
public sealed class MetricsFold
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Started, string Project)> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Run, string Stage), string> _stageAgents = [];
    private readonly Dictionary<string, (TaskState State, DateTimeOffset Since)> _tasks = new(StringComparer.Ordinal);
    private readonly Histogram _runDurations = new();
    private readonly SortedDictionary<string, Histogram> _stageDurations = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _gates = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _agentErrors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(string Agent, string Project, string Kind), long> _tokens = [];
    private readonly SortedDictionary<(string Agent, string Project), decimal> _cost = [];

    public long Position { get; private set; }

    public void Apply(RunEvent e)
    {
        lock (_gate)
        {
            Position = Math.Max(Position, e.Position);
            switch (e.Data)
            {
                case TaskQueuedData queued:
                    _tasks[e.TaskId] = (queued.State, e.Ts);
                    break;
                case TaskStateData state:
                    _tasks[e.TaskId] = (state.State, state.State is TaskState.Queued or TaskState.Waiting && _tasks.TryGetValue(e.TaskId, out var was) && was.State is TaskState.Queued or TaskState.Waiting ? was.Since : e.Ts);
                    break;
                case RunStartedData started when e.RunId is { } run:
                    _runs[run] = RunState.Preparing;
                    _running[run] = (e.Ts, started.Project ?? "");
                    break;
                case RunStateData state when e.RunId is { } run && state.AsRunState is { } s:
                    _runs[run] = s;
                    break;
                case RunFinishedData finished when e.RunId is { } run:
                    _runs[run] = finished.State;
                    if (_running.Remove(run, out var began))
                    {
                        _runDurations.Observe(Math.Max(0, (e.Ts - began.Started).TotalSeconds));
                    }

                    break;
                case StageStartedData started when e.RunId is { } run && e.Stage is { } stage && started.Agent is { } agent:
                    _stageAgents[(run, stage)] = agent;
                    break;
                case StageFinishedData finished when e.Stage is { } stage && finished.Seconds is { } seconds:
                    (_stageDurations.TryGetValue(stage, out var h) ? h : _stageDurations[stage] = new Histogram()).Observe(seconds);
                    break;
                case GateFinishedData gate:
                    Add(_gates, gate.Passed ? "pass" : "fail", 1);
                    break;
                case AgentErrorData error:
                    Add(_agentErrors, error.Failure ?? (error.Fatal ? "fatal" : "other"), 1);
                    break;
                case AgentUsageData usage:
                    var key = (AgentOf(e), ProjectOf(e));
                    Add(_tokens, (key.Item1, key.Item2, "input"), usage.InputTokens);
                    Add(_tokens, (key.Item1, key.Item2, "output"), usage.OutputTokens);
                    Add(_tokens, (key.Item1, key.Item2, "cached_input"), usage.CachedInputTokens);
                    Add(_tokens, (key.Item1, key.Item2, "reasoning"), usage.ReasoningTokens);
                    _cost[key] = _cost.GetValueOrDefault(key) + (usage.CostUsd ?? 0);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Runs in each state (every state listed, zeros included).</summary>
    public IReadOnlyDictionary<RunState, int> RunsByState()
    {
        lock (_gate)
        {
            return Enum.GetValues<RunState>().ToDictionary(s => s, s => _runs.Values.Count(v => v == s));
        }
    }

    /// <summary>Tasks queued or waiting, and how long the oldest of them has waited.</summary>
    public (int Depth, TimeSpan? Oldest) Queue(DateTimeOffset now)
    {
        lock (_gate)
        {
            var waiting = _tasks.Values.Where(t => t.State is TaskState.Queued or TaskState.Waiting).ToList();
            return (waiting.Count, waiting.Count == 0 ? null : now - waiting.Min(t => t.Since));
        }
    }

    public MetricsSummary Summary(DateTimeOffset now)
    {
        lock (_gate)
        {
            var (depth, oldest) = Queue(now);
            var usage = _cost.Keys.Union(_tokens.Keys.Select(k => (k.Agent, k.Project)))
                .Select(k => new AgentUsageRow(k.Item1, k.Item2, _tokens.GetValueOrDefault((k.Item1, k.Item2, "input")), _tokens.GetValueOrDefault((k.Item1, k.Item2, "output")), _cost.GetValueOrDefault(k)))
                .ToList();
            return new MetricsSummary
            {
                Runs = RunsByState().Where(r => r.Value > 0).ToDictionary(r => r.Key.WireName(), r => r.Value),
                QueueDepth = depth,
                OldestWaitingSeconds = oldest?.TotalSeconds,
                GatesPassed = _gates.GetValueOrDefault("pass"),
                GatesFailed = _gates.GetValueOrDefault("fail"),
                RunSecondsMean = _runDurations.Count == 0 ? null : _runDurations.Sum / _runDurations.Count,
                AgentErrors = new Dictionary<string, long>(_agentErrors),
                Usage = usage,
                Position = Position,
            };
        }
    }

    public string Prometheus(DateTimeOffset now)
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            Header(text, "baton_runs", "gauge", "Runs by state.");
            foreach (var (state, count) in Enum.GetValues<RunState>().Select(s => (s, _runs.Values.Count(v => v == s))))
            {
                text.Append(CultureInfo.InvariantCulture, $"baton_runs{{state=\"{state.WireName()}\"}} {count}\n");
            }

            Header(text, "baton_run_duration_seconds", "histogram", "Wall time of finished runs, from run.started to run.finished.");
            Write(text, "baton_run_duration_seconds", "", _runDurations);
            Header(text, "baton_stage_duration_seconds", "histogram", "Wall time of finished stages, by stage id.");
            foreach (var (stage, histogram) in _stageDurations)
            {
                Write(text, "baton_stage_duration_seconds", $"stage=\"{Escape(stage)}\"", histogram);
            }

            Header(text, "baton_gates_total", "counter", "Gate results.");
            foreach (var result in new[] { "pass", "fail" })
            {
                text.Append(CultureInfo.InvariantCulture, $"baton_gates_total{{result=\"{result}\"}} {_gates.GetValueOrDefault(result)}\n");
            }

            Header(text, "baton_agent_errors_total", "counter", "Agent errors by kind (the failure Baton recognised, or fatal/other).");
            foreach (var (kind, count) in _agentErrors)
            {
                text.Append(CultureInfo.InvariantCulture, $"baton_agent_errors_total{{kind=\"{Escape(kind)}\"}} {count}\n");
            }

            Header(text, "baton_tokens_total", "counter", "Tokens reported by agents, by agent, project and kind.");
            foreach (var ((agent, project, kind), count) in _tokens)
            {
                text.Append(CultureInfo.InvariantCulture, $"baton_tokens_total{{agent=\"{Escape(agent)}\",project=\"{Escape(project)}\",kind=\"{kind}\"}} {count}\n");
            }

            Header(text, "baton_cost_usd_total", "counter", "Cost reported by agents in US dollars, by agent and project.");
            foreach (var ((agent, project), usd) in _cost)
            {
                text.Append(CultureInfo.InvariantCulture, $"baton_cost_usd_total{{agent=\"{Escape(agent)}\",project=\"{Escape(project)}\"}} {usd}\n");
            }

            var waiting = _tasks.Values.Where(t => t.State is TaskState.Queued or TaskState.Waiting).ToList();
            Header(text, "baton_queue_depth", "gauge", "Tasks queued or waiting to run.");
            text.Append(CultureInfo.InvariantCulture, $"baton_queue_depth {waiting.Count}\n");
            Header(text, "baton_oldest_waiting_task_seconds", "gauge", "How long the oldest queued or waiting task has waited (0 when none).");
            var oldest = waiting.Count == 0 ? 0 : Math.Max(0, (now - waiting.Min(t => t.Since)).TotalSeconds);
            text.Append(CultureInfo.InvariantCulture, $"baton_oldest_waiting_task_seconds {oldest:0.###}\n");
            Header(text, "baton_feed_position", "gauge", "The last event position folded into these metrics.");
            text.Append(CultureInfo.InvariantCulture, $"baton_feed_position {Position}\n");
            return text.ToString();
        }
    }

    private string AgentOf(RunEvent e) =>
        e.RunId is { } run && e.Stage is { } stage && _stageAgents.TryGetValue((run, stage), out var agent) ? agent : "unknown";

    private string ProjectOf(RunEvent e) =>
        e.RunId is { } run && _running.TryGetValue(run, out var r) ? r.Project : "";

    private static void Add<TKey>(SortedDictionary<TKey, long> counters, TKey key, long by)
        where TKey : notnull =>
        counters[key] = counters.GetValueOrDefault(key) + by;

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static void Write(StringBuilder text, string name, string labels, Histogram histogram)
    {
        var prefix = labels.Length == 0 ? "" : labels + ",";
        for (var i = 0; i < Histogram.DurationBuckets.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"{Histogram.DurationBuckets[i]}\"}} {histogram.AtMost(i)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"+Inf\"}} {histogram.Count}\n");
        var braces = labels.Length == 0 ? "" : $"{{{labels}}}";
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{braces} {histogram.Sum:0.###}\n{name}_count{braces} {histogram.Count}\n");
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
