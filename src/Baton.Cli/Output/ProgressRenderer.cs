using System.Diagnostics;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Processes;
using Baton.Engine.Execution;

namespace Baton.Cli.Output;

/// <summary>
/// Live progress of runs on stderr. On a terminal: a status line (stage, elapsed time, last output line) redrawn in
/// place, with milestones printed above it. Elsewhere: the milestones as plain lines.
/// </summary>
public sealed class ProgressRenderer : IRunObserver, IDisposable
{
    private readonly Ui _ui;
    private readonly Lock _gate = new();
    private readonly Timer? _timer;
    private readonly Stopwatch _stageClock = new();
    private string _stage = "preparing";
    private string _lastLine = "";
    private bool _statusShown;
    private int _spin;

    public ProgressRenderer(Ui ui)
    {
        _ui = ui;
        if (ui.Live)
        {
            _timer = new Timer(_ => Redraw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
        }
    }

    public void OnEvent(RunEvent evt)
    {
        if (evt.Type == EventType.StageStarted)
        {
            lock (_gate)
            {
                _stage = evt.Stage ?? "";
                _lastLine = "";
                _stageClock.Restart();
            }
        }
        else if (evt.Type == EventType.GateStarted)
        {
            lock (_gate)
            {
                _stage = $"gate {EventText.Describe(evt)}";
                _stageClock.Restart();
            }
        }

        if (Milestone(evt) is { } text)
        {
            Print(text);
        }
    }

    public void OnOutput(string runId, string stage, OutputLine line)
    {
        if (!string.IsNullOrWhiteSpace(line.Text))
        {
            lock (_gate)
            {
                _lastLine = line.Text;
            }
        }
    }

    private string? Milestone(RunEvent evt)
    {
        var stage = evt.Stage is null ? "" : evt.Stage + " ";
        return evt.Type switch
        {
            EventType.StageStarted => _ui.Paint($"▶ {stage}", Colors.Blue) + EventText.Describe(evt),
            EventType.StageFinished when evt.Data is StageFinishedData { Status: "waiting" } => _ui.Paint($"⏸ {stage}{EventText.Describe(evt)}", Colors.Yellow),
            EventType.StageFinished => Finished(evt, $"{stage}{EventText.Describe(evt)}"),
            EventType.ApprovalRequested => _ui.Paint($"? {stage}{EventText.Describe(evt)}", Colors.Yellow + Colors.Bold),
            EventType.ApprovalAnswered => _ui.Paint($"! {stage}{EventText.Describe(evt)}", Colors.Yellow),
            EventType.ReviewVerdict => _ui.Paint($"⚖ {stage}", evt.Data is ReviewVerdictData { Verdict: "approved" } ? Colors.Green : Colors.Yellow) + EventText.Describe(evt),
            EventType.ReviewDecision => _ui.Paint($"⚖ {stage}{EventText.Describe(evt)}", Colors.Bold),
            EventType.BudgetWarning => _ui.Paint($"$ {stage}{EventText.Describe(evt)}", Colors.Yellow),
            EventType.BudgetExceeded => _ui.Paint($"$ {stage}{EventText.Describe(evt)}", Colors.Red + Colors.Bold),
            EventType.StageRetry => _ui.Paint($"↻ {stage}{EventText.Describe(evt)}", Colors.Yellow),
            EventType.GateFinished => Finished(evt, EventText.Describe(evt)),
            EventType.WorkspaceReady or EventType.WorkspaceCommit or EventType.WorkspacePushed or EventType.PolicyViolation
                => "  " + EventText.Describe(evt),
            // A parked run's message repeats the question printed just before it.
            EventType.RunState when evt.Data is RunStateData { Message: not null, State: not "needs_input" } => "  " + EventText.Describe(evt),
            _ => null,
        };
    }

    private string Finished(RunEvent evt, string text)
    {
        var ok = evt.Data is StageFinishedData { Succeeded: true } or GateFinishedData { Passed: true };
        return ok ? _ui.Paint("✔ ", Colors.Green) + text : _ui.Paint("✖ ", Colors.Red) + text;
    }

    private void Print(string text)
    {
        lock (_gate)
        {
            ClearStatus();
            _ui.Err.WriteLine(text);
        }
    }

    private void Redraw()
    {
        lock (_gate)
        {
            var frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
            var elapsed = _stageClock.Elapsed;
            var width = Math.Max(40, Console.IsErrorRedirected ? 100 : SafeWidth());
            var head = $"{frames[_spin++ % frames.Length]} {_stage} · {elapsed:mm\\:ss}";
            var tail = _lastLine.Replace('\t', ' ');
            var room = width - head.Length - 4;
            var line = room > 10 && tail.Length > 0 ? $"{head} · {(tail.Length > room ? tail[..room] : tail)}" : head;
            _ui.Err.Write("\r\u001b[2K" + _ui.Paint(line, Colors.Dim));
            _statusShown = true;
        }
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth - 1;
        }
        catch (IOException)
        {
            return 100;
        }
    }

    private void ClearStatus()
    {
        if (_statusShown)
        {
            _ui.Err.Write("\r\u001b[2K");
            _statusShown = false;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            ClearStatus();
        }
    }
}
