import { api, follow, el, badge, tokens, cost, act, toast, nodeOf } from './api.js';

const MAX_LINES = 5000;

// One run: its header from the API, everything else — stage timeline, agent output, gates, tokens, state — folded
// from its event stream (replay from the start, then live).
export function runView(root, runId, setLive) {
  let stop = () => {};
  const state = { run: null, task: null, stages: new Map(), gates: [], usage: { input: 0, output: 0, cost: 0 }, files: new Set(), lines: 0, answered: new Set() };
  const title = el('h1', {}, 'Run');
  const runState = el('span', { id: 'run-state' });
  const facts = el('div', { class: 'facts' });
  const question = el('div', { id: 'question', class: 'question', role: 'alert', hidden: true });
  const timeline = el('ol', { class: 'timeline', id: 'timeline' });
  const output = el('div', { class: 'output', id: 'output' });
  const gates = el('div', { id: 'gates' });
  const diff = el('div', { id: 'diff' }, el('p', { class: 'muted' }, 'The diff appears when the run has changed files.'));
  const prompt = el('input', { id: 'continue-prompt', placeholder: 'Continue: another turn in the same agent session · Answer: what the run waits for' });
  const buttons = el('div', { class: 'buttons' });
  root.replaceChildren(
    el('p', {}, el('a', { href: '#/' }, '← Tasks')),
    el('div', { class: 'run-head' }, title, runState, buttons),
    facts,
    question,
    el('div', { class: 'grid' },
      el('section', {}, el('h2', {}, 'Agent output'), output,
        el('form', { class: 'continue', onsubmit: (ev) => { ev.preventDefault(); continueRun(ev.submitter); } }, prompt,
          el('button', { type: 'submit', id: 'continue' }, 'Continue'),
          el('button', { type: 'button', id: 'answer', title: 'Answer the question the run is waiting on', onclick: (ev) => answerRun(ev.currentTarget) }, 'Answer'))),
      el('section', {}, el('h2', {}, 'Stages'), el('div', { class: 'panel' }, timeline), el('h2', {}, 'Gates'), gates)),
    el('h2', {}, 'Changes'), diff);

  // After an action the run's own state decides which buttons are live again.
  const button = (id, label, action, cls) => el('button', { type: 'button', id, class: cls, onclick: (ev) => act(ev.currentTarget, action).then(renderFacts) }, label);
  const post = (path, body) => api(path, { method: 'POST', body });
  buttons.append(
    button('stop', 'Stop', async () => { const r = await post(`/runs/${runId}/stop`); toast(r.stopped ? 'stopped' : 'stopping…'); }, 'danger'),
    button('resume', 'Resume', async () => { await post(`/runs/${runId}/resume`); toast('resuming'); }),
    button('retry', 'Retry', async () => { await post(`/tasks/${state.run.task_id}/retry`); toast('queued for another run'); }),
    button('merge', 'Merge', async () => { const m = await post(`/tasks/${state.run.task_id}/merge`); toast(`merged into ${m.into} (${m.kind.replace('_', '-')})`); }),
    button('approve', 'Approve', async () => { await answer('approve', {}); toast('approved'); }),
    button('deny', 'Deny', async () => { await answer('deny', { reason: 'denied from the dashboard' }); toast('denied'); }),
    button('review', 'Review', async () => { await post(`/runs/${runId}/review`); toast('reviewers asked'); }));

  // Approve and deny answer the question the page shows (by its id), and once the server has taken the answer the
  // buttons stay off for it: its approval.answered event comes a moment later (for a command, when the agent's process
  // has read the answer), and until then a second click could only be refused.
  async function answer(verb, body) {
    const id = state.question?.id;
    await post(`/runs/${runId}/${verb}`, { ...body, approval_id: id });
    if (id) state.answered.add(id);
  }

  async function continueRun(submitter) {
    const text = prompt.value.trim();
    if (!text) { toast('say what to do next'); return; }
    await act(submitter, async () => {
      await post(`/runs/${runId}/continue`, { prompt: text });
      prompt.value = '';
      toast('queued: a new run will continue the session');
    });
  }

  async function answerRun(submitter) {
    const text = prompt.value.trim();
    if (!text) { toast('write the answer first'); return; }
    await act(submitter, async () => {
      await post(`/runs/${runId}/answer`, { text });
      prompt.value = '';
      toast('answered');
    });
  }

  const renderFacts = () => {
    const r = state.run;
    if (!r) return;
    runState.replaceChildren(badge(r.state));
    // A fact the run lacks (no branch yet, no message while it runs) is left out, not written as "undefined".
    facts.replaceChildren(...[
      el('span', {}, 'task ', el('b', { class: 'mono' }, r.task_id)),
      el('span', {}, 'run ', el('b', {}, `#${r.number}`)),
      el('span', {}, 'pipeline ', el('b', {}, r.pipeline)),
      r.branch && el('span', {}, 'branch ', el('b', { class: 'mono' }, r.branch)),
      nodeOf({ ...r, node: state.node }) && el('span', { id: 'node' }, 'node ', el('b', { class: 'mono' }, nodeOf({ ...r, node: state.node }))),
      el('span', { id: 'tokens' }, 'tokens ', el('b', {}, `${tokens(state.usage.input)} in / ${tokens(state.usage.output)} out`)),
      el('span', { id: 'cost' }, 'cost ', el('b', {}, cost(state.usage.cost))),
      r.message && el('span', {}, el('b', {}, r.message))].filter(Boolean));
    const terminal = ['succeeded', 'failed', 'cancelled', 'stopped', 'timed_out', 'lost'].includes(r.state);
    buttons.querySelector('#stop').disabled = terminal;
    buttons.querySelector('#resume').disabled = r.state !== 'interrupted';
    buttons.querySelector('#merge').disabled = r.state !== 'succeeded';
    // Approve and deny answer a question; they are live only while the run waits for one: parked, or with its agent
    // waiting on a command to confirm (the run keeps running meanwhile).
    const answeredHere = state.question?.id != null && state.answered.has(state.question.id);
    const waiting = !answeredHere && (r.state === 'needs_input' || (state.question?.kind === 'command' && !terminal));
    buttons.querySelector('#approve').disabled = !waiting;
    buttons.querySelector('#deny').disabled = !waiting;
    question.hidden = !(waiting && state.question);
    if (!question.hidden) question.textContent = `Waiting for a person: ${state.question.reason}`;
  };

  const renderStages = () => {
    timeline.replaceChildren(...[...state.stages.values()].map((s) => el('li', { 'data-stage': s.id },
      badge(s.state), el('span', { class: 'name' }, s.id), el('span', { class: 'muted' }, s.detail || ''),
      el('span', { class: 'secs' }, s.seconds != null ? `${s.seconds.toFixed(1)}s` : ''))));
  };

  const renderGates = () => {
    gates.replaceChildren(...(state.gates.length ? state.gates.map((g) => el('div', { class: 'gate panel' },
      badge(g.passed ? 'passed' : 'failed'), ' ', el('code', {}, g.command),
      el('span', { class: 'muted' }, ` exit ${g.exit_code ?? '—'}${g.timed_out ? ', timed out' : ''}, ${(g.seconds || 0).toFixed(1)}s, attempt ${g.attempt}`),
      g.output_tail && el('pre', {}, g.output_tail))) : [el('p', { class: 'muted' }, 'No gate has run.')]));
  };

  const line = (cls, tag, ...content) => el('div', { class: `ev ${cls}` }, el('span', { class: 'tag' }, tag), ...content);

  const outputOf = (e) => {
    const d = e.data;
    switch (e.type) {
      case 'agent.message': return line('message', 'agent', d.text);
      case 'agent.reasoning': return line('reasoning muted', 'thinking', d.text);
      case 'agent.command': {
        const exit = d.exit_code == null ? '' : el('span', { class: d.exit_code === 0 ? 'exit-ok' : 'exit-bad' }, ` exit ${d.exit_code}`);
        return line('command', d.status || 'command', el('span', { class: 'mono' }, d.command || ''), exit);
      }
      case 'agent.file_change': return line('file', d.kind || 'file', el('span', { class: 'mono' }, d.path));
      case 'agent.tool': return line('tool', 'tool', `${d.name} ${d.status}`);
      case 'agent.error': return line('error', 'error', d.message);
      case 'stage.started': return line('stage muted', 'stage', `${e.stage} started${d.agent ? ` (${d.agent})` : ''}`);
      case 'gate.finished': return line(d.passed ? 'gate' : 'gate error', 'gate', `${d.command}: ${d.passed ? 'passed' : 'failed'}`);
      case 'review.verdict': return line(d.verdict === 'approved' ? 'review exit-ok' : 'review error', 'review', `${d.reviewer || 'reviewer'}: ${d.verdict}${d.summary ? ` — ${d.summary}` : ''}`);
      case 'review.decision': return line('review', 'decision', `${d.decision}${d.reason ? ` — ${d.reason}` : ''}`);
      case 'approval.requested': return line('approval error', 'approval', `waiting for a person: ${d.reason}`);
      case 'approval.answered': return line('approval', 'approval', `${d.answer || (d.approved ? 'approved' : 'denied')}${d.by ? ` by ${d.by}` : ''}${d.note ? ` — ${d.note}` : ''}`);
      case 'sync.attempt': return line(d.delivered ? 'muted' : 'error', 'sync', d.delivered ? `delivered to ${d.url}` : `sync failed (attempt ${d.attempt}): ${d.error}`);
      case 'recovery.action': return line('muted', 'recovery', JSON.stringify(d));
      case 'policy.violation': return line('error', 'policy', JSON.stringify(d));
      case 'run.finished': return line(d.state === 'succeeded' ? 'exit-ok' : 'error', 'run', `${d.state}${d.reason ? ` (${d.reason})` : ''}`);
      default: return null;
    }
  };

  const apply = (events) => {
    const atBottom = output.scrollHeight - output.scrollTop - output.clientHeight < 40;
    const fragment = document.createDocumentFragment();
    let stagesChanged = false; let gatesChanged = false; let factsChanged = false; let filesChanged = false;
    for (const e of events) {
      const d = e.data;
      switch (e.type) {
        case 'run.state': case 'run.finished':
          state.run = { ...state.run, state: d.state, message: d.message ?? state.run?.message };
          factsChanged = true;
          break;
        case 'workspace.commit': filesChanged = true; break;
        case 'lease.acquired': state.node = d.node; factsChanged = true; break;
        case 'lease.lost': state.node = null; state.run = { ...state.run, owner: null }; factsChanged = true; break;
        case 'stage.started':
          state.stages.set(e.stage, { id: e.stage, state: 'running', detail: d.agent || d.command || d.kind });
          stagesChanged = true;
          break;
        case 'stage.finished': {
          const s = state.stages.get(e.stage) || { id: e.stage };
          state.stages.set(e.stage, { ...s, state: d.status, seconds: d.seconds });
          stagesChanged = true;
          break;
        }
        case 'gate.finished': state.gates.push(d); gatesChanged = true; break;
        case 'agent.usage':
          state.usage = { input: state.usage.input + (d.input_tokens || 0), output: state.usage.output + (d.output_tokens || 0), cost: state.usage.cost + (d.cost_usd || 0) };
          factsChanged = true;
          break;
        case 'agent.file_change': state.files.add(d.path); break;
        case 'approval.requested': state.question = d; factsChanged = true; break;
        case 'approval.answered': state.question = null; factsChanged = true; break;
        default: break;
      }
      const node = outputOf(e);
      if (node) { fragment.append(node); state.lines++; }
    }
    output.append(fragment);
    while (state.lines > MAX_LINES && output.firstChild) { output.firstChild.remove(); state.lines--; }
    if (atBottom) output.scrollTop = output.scrollHeight;
    if (stagesChanged) renderStages();
    if (gatesChanged) renderGates();
    if (factsChanged) renderFacts();
    if (filesChanged || (factsChanged && ['succeeded', 'failed', 'stopped', 'cancelled'].includes(state.run?.state))) loadDiff();
  };

  let diffLoading = false;
  async function loadDiff() {
    if (diffLoading || !state.run) return;
    diffLoading = true;
    try {
      const result = await api(`/tasks/${state.run.task_id}/diff`);
      diff.replaceChildren(...renderDiff(result));
    } catch (e) {
      diff.replaceChildren(el('p', { class: 'muted' }, e.message));
    } finally {
      diffLoading = false;
    }
  }

  (async () => {
    try {
      const detail = await api(`/runs/${runId}`);
      state.run = detail.run;
      title.textContent = `Run ${detail.run.id}`;
      api(`/tasks/${detail.run.task_id}`).then((t) => { title.textContent = t.task.title; document.title = `${t.task.title} · Baton`; }).catch(() => {});
      renderFacts();
      renderGates();
      loadDiff();
      stop = follow(`/api/v1/runs/${runId}/events`, apply, setLive);
    } catch (e) {
      root.replaceChildren(el('p', {}, el('a', { href: '#/' }, '← Tasks')), el('p', { class: 'errors' }, e.message));
    }
  })();
  return () => stop();
}

export function renderDiff(result) {
  if (!result.files.length) return [el('p', { class: 'muted' }, `No changes on ${result.branch} against ${result.base}.`)];
  const list = el('ul', { class: 'files', id: 'diff-files' }, result.files.map((f) => el('li', {},
    el('span', { class: 'mono' }, f.path), ' ', el('span', { class: 'exit-ok' }, `+${f.additions}`), ' ', el('span', { class: 'exit-bad' }, `−${f.deletions}`))));
  const pre = el('pre', {});
  for (const text of result.patch.split('\n')) {
    const cls = text.startsWith('diff --git') ? 'file' : text.startsWith('@@') ? 'hunk' : text.startsWith('+') && !text.startsWith('+++') ? 'add'
      : text.startsWith('-') && !text.startsWith('---') ? 'del' : '';
    pre.append(cls ? el('span', { class: cls }, text) : document.createTextNode(`${text}\n`));
  }
  const parts = [list, el('div', { class: 'diff', id: 'diff-patch' }, pre)];
  if (result.truncated) parts.push(el('p', { class: 'muted' }, 'The diff was cut at 1 MiB; `baton diff` shows the files, git the rest.'));
  return parts;
}
