// api.js - the JSON API client: cookies for the session, the CSRF token on
// every request that changes something, errors as ApiError with the field
// the server named (body {"error":{"code","message","field","message_id",
// "message_ru"}}, docs/api-crm.md "Errors").
// The message shown: a code with a text of its own in i18n.js ("error.<code>",
// e.g. storage_full) in the user's language; else, in Russian, the server's
// message_ru when it gave one; else the server's English message.

import { t, getLang } from './i18n.js';

let csrf = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message, field, current, id) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.field = field || null;
    // a 409 version_conflict carries the object as it is now
    this.current = current || null;
    this.id = id || null; /* the message's stable id (message_id), null when none */
  }
}

/* The text of an error body e for the user: see the top of this file. */
function errorText(code, e) {
  const own = t(`error.${code}`);
  if (own !== `error.${code}`) return own;
  const s = getLang() === 'ru' && e.message_ru ? e.message_ru : e.message;
  // the server's text starts with the field's key ("inn: …"): the screen
  // names the field in the user's words, so the key is not shown twice
  return e.field && s && s.startsWith(`${e.field}: `) ? s.slice(e.field.length + 2) : s;
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

/* extra: more headers (If-Match for a change made on the version read). */
export async function request(method, path, body, extra) {
  const headers = { Accept: 'application/json', ...(extra || {}) };
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
  const data = await readJson(res);
  if (!res.ok) throw failure(res, path, data);
  return data;
}

async function readJson(res) {
  const text = await res.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return null; }
}

/* The ApiError of a refused request (a 401 tells the listeners). */
function failure(res, path, data) {
  const e = (data && data.error) || {};
  const code = e.code || `http_${res.status}`;
  const err = new ApiError(res.status, code, errorText(code, e), e.field, data && data.current,
    e.message_id);
  if (res.status === 401 && path !== '/api/v1/session') listeners.forEach((fn) => fn(err));
  return err;
}

/* POSTs form (a FormData of files: the import) with the CSRF token; the
   answer {status, data} when it is ok, or when answer(status, data) says a
   refusal is the answer itself (the import's 422 report of problems); any
   other refusal an ApiError as request()'s. */
export async function upload(path, form, answer) {
  const headers = { Accept: 'application/json' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: form });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  const data = await readJson(res);
  if (res.ok || (answer && answer(res.status, data))) return { status: res.status, data };
  throw failure(res, path, data);
}

/* Sends file (a File or Blob) as the body of method path with the CSRF
   token (a candidate's CV: the route reads the bytes as they are); the
   JSON answer, or an ApiError as request()'s. */
export async function uploadFile(method, path, file) {
  const headers = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: file });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  const data = await readJson(res);
  if (!res.ok) throw failure(res, path, data);
  return data;
}

export const api = {
  get: (path, params) => request('GET', path + query(params)),
  post: (path, body) => request('POST', path, body ?? {}),
  patch: (path, body) => request('PATCH', path, body ?? {}),
  /* A change of an object read at version: sent with If-Match, so a change
     made meanwhile by someone else is a 409 version_conflict, never lost. */
  patchAt: (path, body, version) => request('PATCH', path, body ?? {}, { 'If-Match': `"${version}"` }),
  postAt: (path, body, version) => request('POST', path, body ?? {}, { 'If-Match': `"${version}"` }),
  put: (path, body, version) => request('PUT', path, body ?? {}, version == null ? undefined : { 'If-Match': `"${version}"` }),
  del: (path) => request('DELETE', path),
};
