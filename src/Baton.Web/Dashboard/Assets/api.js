// The dashboard's only ways to the server: JSON calls to /api/v1 and the live event streams (Server-Sent Events).

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.problem = problem;
    this.status = status;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET') {
    // JSON on every change: a cross-site form cannot send it, so the controls are safe from other sites.
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  const res = await fetch(`/api/v1${path}`, init);
  if (res.status === 401) {
    location.href = `/signin?next=${encodeURIComponent(location.pathname + location.hash)}`;
    throw new ApiError({ title: 'sign in first' }, 401);
  }
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(typeof data === 'object' ? data : { detail: data }, res.status);
  return data;
}

// Follows an event stream: the events arrive in position order, in batches of one animation frame each, so a run
// streaming thousands of events repaints at most once a frame. The browser reconnects by itself with Last-Event-ID.
export function follow(path, onEvents, onLive) {
  const source = new EventSource(path);
  let queue = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length) onEvents(batch);
  };
  source.onmessage = (m) => {
    queue.push(JSON.parse(m.data));
    if (!scheduled) {
      scheduled = true;
      if (document.hidden) setTimeout(flush, 250); else requestAnimationFrame(flush);
    }
  };
  source.onopen = () => onLive?.(true);
  source.onerror = () => onLive?.(false);
  return () => source.close();
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const badge = (state) => el('span', { class: `state ${state}`, 'data-state': state }, (state || '').replace('_', ' '));

export function age(ts) {
  if (!ts) return '';
  const s = Math.max(0, (Date.now() - Date.parse(ts)) / 1000);
  if (s < 60) return `${Math.floor(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export const tokens = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : `${n}`);
export const cost = (usd) => (usd ? `$${Number(usd).toFixed(usd < 1 ? 4 : 2)}` : '—');

let toastTimer;
export function toast(message) {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 6000);
}

// Runs an action from a button: disabled while it runs, its error (the problem's detail) shown in the toast.
export async function act(button, action) {
  button.disabled = true;
  try {
    return await action();
  } catch (e) {
    toast(e.message);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

const ENDED = ['succeeded', 'failed', 'cancelled', 'stopped', 'timed_out', 'lost', 'interrupted'];

// The node (host:pid) holding a live run: the owner the API gave, then whatever lease events said since.
export const nodeOf = (run) => (!run || ENDED.includes(run.state) ? '' : run.node || (run.owner ? `${run.owner.host}:${run.owner.pid}` : ''));
