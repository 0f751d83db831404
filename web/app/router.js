// router.js - the app's routes on the history API: navigate() pushes a
// path, <a href> clicks inside the app are taken over, back/forward work.
// A route is a pattern like '/deals/:id'; match() returns its params.

const subs = new Set();

export function currentPath() { return location.pathname; }
export function currentQuery() { return new URLSearchParams(location.search); }

export function navigate(path, replace = false) {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  subs.forEach((fn) => fn());
}

/* Keeps the current screen's filters in the address (replaceState). */
export function setQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v != null) q.set(k, v);
  const s = q.toString();
  history.replaceState(null, '', location.pathname + (s ? `?${s}` : ''));
}

export function onRoute(fn) { subs.add(fn); return () => subs.delete(fn); }

window.addEventListener('popstate', () => subs.forEach((fn) => fn()));
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

export function match(pattern, path) {
  const p = pattern.split('/').filter(Boolean);
  const q = path.split('/').filter(Boolean);
  if (p.length !== q.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(q[i]);
    else if (p[i] !== q[i]) return null;
  }
  return params;
}
