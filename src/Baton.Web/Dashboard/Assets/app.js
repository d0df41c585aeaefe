import { api, el, act, toast } from './api.js';
import { listView } from './list.js';
import { runView } from './run.js';

// The page's frame: the queue switch, the new-task form, and the two views (#/ and #/runs/ID).
const view = document.getElementById('view');
const live = document.getElementById('live');
let leave = () => {};

const setLive = (on) => live.classList.toggle('on', on);

function route() {
  leave();
  const match = location.hash.match(/^#\/runs\/([A-Za-z0-9_-]+)/);
  leave = match ? runView(view, match[1], setLive) : listView(view, setLive);
}

async function queue(paused) {
  const state = document.getElementById('queue-state');
  const toggle = document.getElementById('queue-toggle');
  if (paused === undefined) ({ paused } = await api('/queue'));
  state.textContent = paused ? 'queue paused: no new runs start' : '';
  toggle.textContent = paused ? 'Resume queue' : 'Pause queue';
  toggle.hidden = false;
  toggle.onclick = () => act(toggle, async () => queue((await api(`/queue/${paused ? 'resume' : 'pause'}`, { method: 'POST' })).paused));
}

const dialog = document.getElementById('task-dialog');
const form = document.getElementById('task-form');
document.getElementById('new-task').addEventListener('click', () => { form.reset(); document.getElementById('task-errors').replaceChildren(); dialog.showModal(); });
document.getElementById('task-cancel').addEventListener('click', () => dialog.close());
form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const data = new FormData(form);
  const task = { title: data.get('title').trim() };
  for (const key of ['prompt', 'agent', 'pipeline']) if (data.get(key).trim()) task[key] = data.get(key).trim();
  const priority = Number(data.get('priority'));
  if (priority) task.priority = priority;
  const errors = document.getElementById('task-errors');
  try {
    const created = await api('/tasks', { method: 'POST', body: task });
    dialog.close();
    toast(`queued ${created.task.id}`);
  } catch (e) {
    errors.replaceChildren(...(e.problem?.problems || [e.message]).map((p) => el('li', {}, p)));
  }
});

window.addEventListener('hashchange', route);
route();
queue().catch((e) => toast(e.message));
