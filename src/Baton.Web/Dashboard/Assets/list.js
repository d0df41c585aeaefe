import { api, follow, el, badge, age, tokens, cost, nodeOf } from './api.js';

const PAGE = 100;

// The queue and the runs: one snapshot (with the feed position it was taken at), then every task and run event after
// that position folded in live — a row changes only because an event said so.
export function listView(root, setLive) {
  let limit = PAGE;
  let rows = new Map();
  // The questions waiting for a person (a parked run's, or a command an agent waits on while its run keeps running), id
  // to run: the snapshot's, then each approval.requested, less each one answered or whose run ended.
  let questions = new Map();
  let stop = () => {};
  const body = el('tbody');
  const more = el('button', { type: 'button', id: 'more', onclick: () => { limit = Math.min(limit + PAGE * 4, 1000); load(); } }, 'Show more');
  const count = el('span', { class: 'muted' });
  const waiting = el('span', { id: 'waiting', class: 'waiting', hidden: true });
  root.replaceChildren(
    el('h1', {}, 'Tasks ', waiting),
    el('table', { id: 'tasks' },
      el('thead', {}, el('tr', {}, ['Task', 'State', 'Run', 'Node', 'Agent', 'Age', 'Tokens', 'Cost'].map((h) => el('th', {}, h)))),
      body),
    el('div', { class: 'pager' }, count, more));

  const render = () => {
    const sorted = [...rows.values()].sort((a, b) => (b.task.created_at || '').localeCompare(a.task.created_at || ''));
    body.replaceChildren(...sorted.map(rowOf));
    if (!sorted.length) body.append(el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'No tasks yet — press “New task”.')));
    count.textContent = `${sorted.length} task(s)`;
    const asking = questions.size;
    waiting.hidden = asking === 0;
    waiting.textContent = `${asking} waiting for a person`;
    more.hidden = sorted.length < limit || limit >= 1000;
  };

  const rowOf = ({ task, last_run: run, usage }) => el('tr', { 'data-task': task.id },
    el('td', {}, run ? el('a', { href: `#/runs/${run.id}` }, task.title) : task.title, el('div', { class: 'muted mono' }, task.id)),
    el('td', {}, badge(task.state)),
    el('td', {}, run ? [badge(run.state), ' ', el('span', { class: 'muted' }, `#${run.number}`)] : ''),
    el('td', { class: 'mono muted node' }, nodeOf(run)),
    el('td', {}, task.agent || el('span', { class: 'muted' }, 'default')),
    el('td', { title: task.created_at }, age(task.created_at)),
    el('td', {}, usage ? tokens(usage.input_tokens + usage.output_tokens) : '0'),
    el('td', {}, cost(usage?.cost_usd)));

  const apply = (events) => {
    for (const e of events) {
      if (e.type === 'approval.requested' && e.data.id) questions.set(e.data.id, e.run_id);
      else if (e.type === 'approval.answered') questions.delete(e.data.id);
      else if (e.type === 'run.finished') for (const [id, run] of questions) if (run === e.run_id) questions.delete(id);
      const row = rows.get(e.task_id);
      if (e.type === 'task.queued' && !row) {
        rows.set(e.task_id, { task: { id: e.task_id, title: e.data.title, state: 'queued', created_at: e.ts }, usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 } });
      } else if (!row) {
        continue;
      } else if (e.type === 'task.state') {
        row.task = { ...row.task, state: e.data.state };
      } else if (e.type === 'run.started') {
        row.last_run = { id: e.run_id, state: 'preparing', number: e.data.number };
      } else if ((e.type === 'run.state' || e.type === 'run.finished') && row.last_run?.id === e.run_id) {
        row.last_run = { ...row.last_run, state: e.data.state };
      } else if (e.type === 'lease.acquired' && row.last_run?.id === e.run_id) {
        row.last_run = { ...row.last_run, node: e.data.node };
      } else if (e.type === 'lease.lost' && row.last_run?.id === e.run_id) {
        row.last_run = { ...row.last_run, node: null, owner: null };
      } else if (e.type === 'agent.usage') {
        const u = row.usage;
        row.usage = { input_tokens: u.input_tokens + (e.data.input_tokens || 0), output_tokens: u.output_tokens + (e.data.output_tokens || 0), cost_usd: u.cost_usd + (e.data.cost_usd || 0) };
      }
    }
    render();
  };

  async function load() {
    stop();
    const page = await api(`/tasks?limit=${limit}`);
    rows = new Map(page.tasks.map((r) => [r.task.id, r]));
    questions = new Map(page.waiting.map((q) => [q.id, q.run_id]));
    render();
    stop = follow(`/api/v1/events?after=${page.position}&type=task.,run.,lease.,agent.usage,approval.`, apply, setLive);
  }

  load();
  const tick = setInterval(render, 30000);
  return () => { stop(); clearInterval(tick); };
}
