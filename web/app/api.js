// api.js - the JSON API client: cookies for the session, the CSRF token on
// every request that changes something, errors as ApiError with the field
// the server named (body {"error":{"code","message","field"}}).
// A code with a text of its own in i18n.js ("error.<code>", e.g. storage_full)
// is shown in the user's language instead of the server's English message.

import { t } from './i18n.js';

let csrf = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

export function setCsrf(token) { csrf = token; }

/* Called with the error when any request answers 401 (the session ended). */
export function onUnauthorized(fn) { listeners.add(fn); return () => listeners.delete(fn); }

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {}))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const e = (data && data.error) || {};
    const code = e.code || `http_${res.status}`;
    const own = t(`error.${code}`);
    const err = new ApiError(res.status, code, own !== `error.${code}` ? own : e.message, e.field);
    if (res.status === 401 && path !== '/api/v1/session') listeners.forEach((fn) => fn(err));
    throw err;
  }
  return data;
}

export const api = {
  get: (path, params) => request('GET', path + query(params)),
  post: (path, body) => request('POST', path, body ?? {}),
  patch: (path, body) => request('PATCH', path, body ?? {}),
  put: (path, body) => request('PUT', path, body ?? {}),
  del: (path) => request('DELETE', path),
};
