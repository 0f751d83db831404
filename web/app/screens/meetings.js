// meetings.js - the head of sales' meetings (docs/meetings.md): «Планёрки»,
// the list by date with a form to plan one of a kind, and the meeting
// room: the report frozen at the start on the left (daily.js's sheets),
// the protocol on the right (attendance, agenda with notes, decisions,
// the promises due since the last meeting and those given now), a timer
// against the meeting's limit, printing (the protocol on A4), XLSX and
// the text for a messenger. Keyboard first: N new promise, D decision,
// ] / [ next / previous agenda item, Ctrl+Enter save, S start, C close,
// ? the help.
import { html, Component, createRef } from '../lib.js';
import { api } from '../api.js';
import { t, date, dateTime, metricValue, parseMoney, MONEY } from '../i18n.js';
import { Load, ErrorBox, nowLocal, lead } from '../ui.js';
import { navigate } from '../router.js';
import { DailySheet, ReviewSheet } from './daily.js';
import { MeetingTrainings } from './trainings.js'; /* issue 14, item 4 */
import { MeetingIdp } from './idp.js';

const KINDS = ['daily', 'weekly', 'monthly', 'one_to_one'];
const MARKS = ['present', 'late', 'absent'];
const PROMISE_METRICS = ['calls', 'meetings', 'leads', 'deals_won', 'revenue', 'payments', 'call_minutes', 'tasks_done'];

/* "2026-11-20T12:00:00+03:00" -> "пт 20.11" */
function dueShort(s) { return date(s, { weekday: 'short', day: '2-digit', month: '2-digit' }); }

export class Meetings extends Component {
  constructor(p) {
    super(p);
    this.state = { kind: 'daily', at: nowLocal(), manager: '', busy: false, error: null, rev: 0 };
  }
  async create(e) {
    e.preventDefault();
    const { kind, at, manager } = this.state;
    this.setState({ busy: true, error: null });
    try {
      const body = { kind, scheduled_at: at };
      if (kind === 'one_to_one') body.participants = manager ? [Number(manager)] : [];
      const m = await api.post('/api/v1/meetings', body);
      navigate(`/meetings/${m.id}`);
    } catch (err) { this.setState({ busy: false, error: err }); }
  }
  render({ title, user }, { kind, at, manager, busy, error }) {
    return html`<div class="page meetings">
      <header class="page-head"><h1>${title}</h1></header>
      ${lead(user) ? html`<form class="card mt-new" id="meeting-new" onSubmit=${(e) => this.create(e)}>
        <label>${t('mt.kind')} <select id="meeting-kind" value=${kind} onChange=${(e) => this.setState({ kind: e.target.value })}>
          ${KINDS.map((k) => html`<option value=${k}>${t(`mt.kind.${k}`)}</option>`)}</select></label>
        <label>${t('mt.when')} <input id="meeting-at" type="datetime-local" value=${at} onInput=${(e) => this.setState({ at: e.target.value })} /></label>
        ${kind === 'one_to_one' ? html`<${Load} fetch=${() => api.get('/api/v1/users')}>${(u) => html`<label>${t('manager')}
          <select id="meeting-manager" value=${manager} onChange=${(e) => this.setState({ manager: e.target.value })}>
            <option value="">—</option>${u.items.filter((x) => x.role === 'manager' && x.active).map((x) => html`<option value=${x.id}>${x.name}</option>`)}
          </select></label>`}<//>` : null}
        <button class="btn primary" id="meeting-create" disabled=${busy}>${t('mt.create')}</button>
        ${error ? html`<${ErrorBox} error=${error} />` : null}
      </form>` : null}
      <${Load} fetch=${() => api.get('/api/v1/meetings')} isEmpty=${(r) => !r.items.length}>${(r) => html`
        <section class="card"><div class="table-wrap"><table class="grid" id="meetings-list">
          <thead><tr><th>${t('mt.when')}</th><th>${t('mt.kind')}</th><th>${t('mt.status')}</th></tr></thead>
          <tbody>${[...r.items].reverse().map((m) => html`<tr data-id=${m.id}>
            <td><a href=${`/meetings/${m.id}`}>${dateTime(m.scheduled_at)}</a></td>
            <td>${t(`mt.kind.${m.kind}`)}</td><td>${t(`mt.status.${m.status}`)}</td></tr>`)}</tbody>
        </table></div></section>`}<//>
    </div>`;
  }
}

/* The frozen report: the daily or review sheet; a one-to-one's manager
 * plan-fact in brief. */
function FrozenReport({ m }) {
  const r = m.report;
  if (!r) return html`<p class="muted" id="report-none">${t('mt.report.none')}</p>`;
  if (m.kind === 'daily') return html`<${DailySheet} rep=${r} />`;
  if (m.kind === 'weekly' || m.kind === 'monthly') return html`<${ReviewSheet} rep=${r} />`;
  const row = r.plan_fact && r.plan_fact.rows && r.plan_fact.rows[0];
  if (!row) return html`<p class="muted">${t('empty')}</p>`;
  return html`<section class="card"><div class="table-wrap"><table class="grid">
    <thead><tr><th>${t('metric')}</th><th class="num">${t('plan')}</th><th class="num">${t('fact')}</th></tr></thead>
    <tbody>${Object.keys(row.metrics || {}).map((k) => html`<tr><th scope="row">${t(`m.${k}`)}</th>
      <td class="num">${metricValue(k, row.metrics[k].plan)}</td><td class="num">${metricValue(k, row.metrics[k].fact)}</td></tr>`)}</tbody>
  </table></div></section>`;
}

function Timer({ m, now }) {
  if (!m.started_at) return html`<span class="mt-timer" id="meeting-timer">${t('mt.limit', { n: m.limit_min })}</span>`;
  const end = m.closed_at ? Date.parse(m.closed_at) : now;
  const secs = Math.max(0, Math.floor((end - Date.parse(m.started_at)) / 1000));
  const ratio = secs / (m.limit_min * 60);
  const cls = ratio > 1 ? 'over' : ratio >= 0.8 ? 'warn' : 'ok';
  const mm = String(Math.floor(secs / 60)).padStart(2, '0');
  const ss = String(secs % 60).padStart(2, '0');
  return html`<span class=${`mt-timer ${cls}`} id="meeting-timer" data-state=${cls}>${mm}:${ss} / ${m.limit_min} ${t('mt.min')}</span>`;
}

export class MeetingRoom extends Component {
  constructor(p) {
    super(p);
    this.state = { m: null, error: null, now: Date.now(), item: 0, notes: {}, decision: '', help: false, text: null,
      pw: { user: '', text: '', due: '', metric: '', target: '' } };
    this.decisionRef = createRef();
    this.promiseRef = createRef();
    this.onKey = (e) => this.key(e);
  }
  get id() { return this.props.params.id; }
  componentDidMount() {
    this.load();
    this.tick = setInterval(() => this.setState({ now: Date.now() }), 1000);
    document.addEventListener('keydown', this.onKey);
  }
  componentWillUnmount() { clearInterval(this.tick); document.removeEventListener('keydown', this.onKey); }
  async load() {
    try {
      const m = await api.get(`/api/v1/meetings/${this.id}`);
      const notes = {};
      m.agenda.forEach((a) => { notes[a.item] = a.notes; });
      this.setState({ m, notes, error: null });
    } catch (err) { this.setState({ error: err }); }
  }
  async act(f) {
    try { const m = await f(); if (m && m.id) this.setState({ m, error: null }); else await this.load(); }
    catch (err) { this.setState({ error: err }); }
  }
  start() { return this.act(() => api.post(`/api/v1/meetings/${this.id}/start`)); }
  close() { return this.act(() => api.post(`/api/v1/meetings/${this.id}/close`)); }
  mark(user, attendance, reason) {
    const body = { user_id: user, attendance };
    if (reason) body.reason = reason;
    return this.act(() => api.put(`/api/v1/meetings/${this.id}/attendance`, body));
  }
  saveNotes(item) {
    const v = this.state.notes[item] ?? '';
    const a = this.state.m.agenda.find((x) => x.item === item);
    if (a && a.notes === v) return null;
    return this.act(() => api.put(`/api/v1/meetings/${this.id}/notes`, { item, notes: v }));
  }
  addDecision(e) {
    if (e) e.preventDefault();
    const text = this.state.decision.trim();
    if (!text) return null;
    this.setState({ decision: '' });
    return this.act(() => api.post(`/api/v1/meetings/${this.id}/decisions`, { text }));
  }
  async addPromise(e) {
    if (e) e.preventDefault();
    const { pw, m } = this.state;
    // a date alone means by the end of that day
    const due = /^\d{4}-\d{2}-\d{2}$/.test(pw.due) ? `${pw.due}T23:59` : pw.due;
    const body = { user_id: Number(pw.user || (m.participants[0] && m.participants[0].user_id)), text: pw.text.trim(),
      due_at: due, meeting_id: m.id };
    if (pw.metric) {
      body.metric = pw.metric;
      body.target = MONEY.has(pw.metric) ? parseMoney(pw.target) : Number(pw.target);
    }
    await this.act(async () => {
      await api.post('/api/v1/promises', body);
      this.setState({ pw: { ...pw, text: '', target: '' } });
      return null;
    });
  }
  resolve(p, status) { return this.act(async () => { await api.post(`/api/v1/promises/${p.id}/resolve`, { status }); return null; }); }
  async messenger() {
    const r = await fetch(`/api/v1/meetings/${this.id}/protocol?format=text`, { credentials: 'same-origin' });
    const text = await r.text();
    this.setState({ text });
    try { await navigator.clipboard.writeText(text); } catch { /* the textarea shows it */ }
  }
  focusItem(i) {
    const n = this.state.m.agenda.length;
    const item = Math.max(0, Math.min(n - 1, i));
    this.setState({ item }, () => {
      const el = document.getElementById(`agenda-notes-${item + 1}`);
      if (el) el.focus();
    });
  }
  key(e) {
    const { m } = this.state;
    if (!m || !lead(this.props.user)) return;
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (e.target.id && e.target.id.startsWith('agenda-notes-')) this.saveNotes(Number(e.target.id.slice(13)));
      else if (e.target.closest && e.target.closest('#promise-new')) this.addPromise();
      else if (e.target.id === 'decision-text') this.addDecision();
      return;
    }
    if (e.key === 'Escape') { this.setState({ help: false }); return; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    if (k === '?') this.setState({ help: !this.state.help });
    else if (k === 'n' || k === 'N' || k === 'т' || k === 'Т') { e.preventDefault(); this.promiseRef.current && this.promiseRef.current.focus(); }
    else if (k === 'd' || k === 'D' || k === 'в' || k === 'В') { e.preventDefault(); this.decisionRef.current && this.decisionRef.current.focus(); }
    else if (k === ']') { e.preventDefault(); this.focusItem(this.state.item + 1); }
    else if (k === '[') { e.preventDefault(); this.focusItem(this.state.item - 1); }
    else if ((k === 's' || k === 'S' || k === 'ы' || k === 'Ы') && m.status === 'planned') this.start();
    else if ((k === 'c' || k === 'C' || k === 'с' || k === 'С') && m.status === 'running') this.close();
  }
  promiseLine(p, due) {
    const can = lead(this.props.user) && due && p.status === 'open';
    return html`<li class=${`promise st-${p.status}`} data-id=${p.id} data-status=${p.status}>
      <span class="promise-who">${p.user_name}</span>: ${p.text} <span class="muted">${t('mt.until')} ${dueShort(p.due_at)}</span>
      ${p.metric ? html` <span class="muted">(${t(`m.${p.metric}`)} ≥ ${metricValue(p.metric, p.target)})</span>` : null}
      <span class=${`badge st-${p.status}`}>${t(`mt.promise.${p.status}`)}</span>
      ${can ? html`<span class="no-print"> <button class="btn small" onClick=${() => this.resolve(p, 'kept')}>${t('mt.promise.kept')}</button>
        <button class="btn small" onClick=${() => this.resolve(p, 'broken')}>${t('mt.promise.broken')}</button></span>` : null}
    </li>`;
  }
  render({ user }, { m, error, now, item, notes, decision, help, text, pw }) {
    if (!m) return html`<div class="page">${error ? html`<${ErrorBox} error=${error} onRetry=${() => this.load()} />` : html`<p>${t('loading')}</p>`}</div>`;
    const head = lead(user);
    const open = m.status !== 'closed' && head;
    return html`<div class="page meeting-room" id="meeting-room" data-status=${m.status}>
      <header class="page-head">
        <h1>${t(`mt.kind.${m.kind}`)} <span class="muted">${dateTime(m.scheduled_at)}</span></h1>
        <div class="filters mt-actions">
          <span class=${`badge mt-status st-${m.status}`} id="meeting-status">${t(`mt.status.${m.status}`)}</span>
          <${Timer} m=${m} now=${now} />
          ${head && m.status === 'planned' ? html`<button class="btn primary" id="meeting-start" onClick=${() => this.start()}>${t('mt.start')}</button>` : null}
          ${head && m.status === 'running' ? html`<button class="btn primary" id="meeting-close" onClick=${() => this.close()}>${t('mt.close')}</button>` : null}
          <button class="btn" id="meeting-print" onClick=${() => window.print()}>${t('daily.print')}</button>
          <a class="btn" id="meeting-xlsx" href=${`/api/v1/meetings/${m.id}/protocol?format=xlsx&lang=ru`}>XLSX</a>
          <button class="btn" id="meeting-text" onClick=${() => this.messenger()}>${t('mt.text')}</button>
          <button class="btn" id="meeting-help-btn" aria-label=${t('mt.help')} onClick=${() => this.setState({ help: !help })}>?</button>
        </div>
      </header>
      ${error ? html`<${ErrorBox} error=${error} />` : null}
      ${help ? html`<div class="card mt-help" id="meeting-help" role="dialog" aria-label=${t('mt.help')}>
        <h2>${t('mt.help')}</h2><ul>${['n', 'd', 'next', 'save', 's', 'c', 'q'].map((k) => html`<li>${t(`mt.key.${k}`)}</li>`)}</ul></div>` : null}
      ${text != null ? html`<section class="card no-print"><h2>${t('mt.text')}</h2>
        <textarea id="meeting-text-out" class="mt-text" readonly rows="10">${text}</textarea></section>` : null}
      <div class="mt-layout">
        <div class="mt-report" id="meeting-report"><h2 class="no-print">${t('mt.report')}</h2><${FrozenReport} m=${m} />
          ${m.kind === 'one_to_one' && m.participants[0] ? html`<div class="no-print" id="meeting-idp"><h2>${t('nav.idp')}</h2><${MeetingIdp} userId=${m.participants[0].user_id} meetingId=${m.id} user=${user} /></div>` : null}</div>
        <div class="mt-protocol" id="meeting-protocol">
          <h2 class="print-only">${t('mt.protocol')}: ${t(`mt.kind.${m.kind}`)} ${dateTime(m.scheduled_at)}</h2>
          <section class="card"><h2>${t('mt.attendance')}</h2><ul class="mt-people">
            ${m.participants.map((p) => html`<li data-user=${p.user_id} data-mark=${p.attendance || ''}>
              <span class="who-name">${p.name}</span>
              <span class="print-only pmark">${p.attendance ? t(`mt.mark.${p.attendance}`) : '—'}</span>
              <span class="mt-marks">${MARKS.map((k) => html`<button type="button" disabled=${!open}
                class=${`btn small${p.attendance === k ? ' active' : ''}`} aria-pressed=${p.attendance === k ? 'true' : 'false'}
                data-mark=${k} onClick=${() => this.mark(p.user_id, k)}>${t(`mt.mark.${k}`)}</button>`)}</span>
              ${p.reason ? html`<span class="muted">${p.reason}</span>` : null}
            </li>`)}</ul></section>
          <section class="card"><h2>${t('mt.agenda')}</h2><ol class="mt-agenda">
            ${m.agenda.map((a, i) => html`<li class=${i === item ? 'current' : ''}><label for=${`agenda-notes-${a.item}`}>${a.text}</label>
              <textarea id=${`agenda-notes-${a.item}`} rows="2" disabled=${!open} value=${notes[a.item] ?? ''}
                onFocus=${() => this.setState({ item: i })}
                onInput=${(e) => this.setState({ notes: { ...notes, [a.item]: e.target.value } })}
                onBlur=${() => this.saveNotes(a.item)}></textarea>
              ${a.notes ? html`<div class="print-only">${a.notes}</div>` : null}</li>`)}</ol></section>
          ${m.kind === 'weekly' ? html`<${MeetingTrainings} meeting=${m} user=${this.props.user} />` : null}
          <section class="card"><h2>${t('mt.decisions')}</h2><ul class="mt-decisions" id="meeting-decisions">
            ${m.decisions.map((d) => html`<li>${d.text}${open ? html` <button class="link-btn no-print" aria-label=${t('mt.remove')}
              onClick=${() => this.act(() => api.del(`/api/v1/meetings/${m.id}/decisions?index=${d.index}`))}>×</button>` : null}</li>`)}</ul>
            ${open ? html`<form class="mt-line no-print" onSubmit=${(e) => this.addDecision(e)}>
              <input id="decision-text" ref=${this.decisionRef} value=${decision} placeholder=${t('mt.decision.new')}
                onInput=${(e) => this.setState({ decision: e.target.value })} />
              <button class="btn">${t('mt.add')}</button></form>` : null}</section>
          <section class="card" id="promises-due"><h2>${t('mt.promises.due')}</h2>
            ${m.promises_due.length ? html`<ul class="mt-promises">${m.promises_due.map((p) => this.promiseLine(p, true))}</ul>`
              : html`<p class="muted">${t('mt.promises.none')}</p>`}</section>
          <section class="card" id="promises-given"><h2>${t('mt.promises.given')}</h2>
            ${m.promises_given.length ? html`<ul class="mt-promises">${m.promises_given.map((p) => this.promiseLine(p, false))}</ul>` : null}
            ${open ? html`<form class="mt-line no-print" id="promise-new" onSubmit=${(e) => this.addPromise(e)}>
              <select id="promise-user" aria-label=${t('mt.who')} value=${pw.user} onChange=${(e) => this.setState({ pw: { ...pw, user: e.target.value } })}>
                ${m.participants.map((p) => html`<option value=${p.user_id}>${p.name}</option>`)}</select>
              <input id="promise-text" ref=${this.promiseRef} aria-label=${t('mt.what')} placeholder=${t('mt.what')} value=${pw.text}
                onInput=${(e) => this.setState({ pw: { ...pw, text: e.target.value } })} />
              <input id="promise-due" type="date" aria-label=${t('mt.until')} value=${pw.due}
                onInput=${(e) => this.setState({ pw: { ...pw, due: e.target.value } })} />
              <select id="promise-metric" aria-label=${t('metric')} value=${pw.metric} onChange=${(e) => this.setState({ pw: { ...pw, metric: e.target.value } })}>
                <option value="">${t('mt.no_metric')}</option>${PROMISE_METRICS.map((k) => html`<option value=${k}>${t(`m.${k}`)}</option>`)}</select>
              ${pw.metric ? html`<input id="promise-target" inputmode="decimal" aria-label=${t('mt.target')} placeholder=${t('mt.target')}
                value=${pw.target} onInput=${(e) => this.setState({ pw: { ...pw, target: e.target.value } })} />` : null}
              <button class="btn primary" id="promise-add">${t('mt.promise.add')}</button></form>` : null}
          </section>
        </div>
      </div>
    </div>`;
  }
}

/* My day's block: the manager's open promises with their due dates. */
export function MyPromises() {
  return html`<${Load} fetch=${() => api.get('/api/v1/promises', { status: 'open' })}>${(r) => html`
    <section class="card" id="my-promises"><h2>${t('mt.promises.mine')}</h2>
      ${r.items.length ? html`<ul class="mt-promises">${r.items.map((p) => html`<li data-id=${p.id}>${p.text}
        <span class="muted">${t('mt.until')} ${dueShort(p.due_at)}</span></li>`)}</ul>` : html`<p class="muted">${t('mt.promises.none')}</p>`}
    </section>`}<//>`;
}

/* «Обещания» (/promises): a manager's own; the head's and a viewer's all,
 * filtered by manager and status; the head marks the open ones. */
export class Promises extends Component {
  constructor(p) {
    super(p);
    this.state = { status: 'open', user: '', n: 0, error: null };
  }
  async resolve(p, status) {
    try { await api.post(`/api/v1/promises/${p.id}/resolve`, { status }); this.setState({ n: this.state.n + 1, error: null }); }
    catch (err) { this.setState({ error: err }); }
  }
  render({ title, user }, { status, user: who, n, error }) {
    const head = lead(user);
    const all = user.role !== 'manager';
    const load = async () => {
      const [p, u] = await Promise.all([api.get('/api/v1/promises', { status, user_id: who }),
        all ? api.get('/api/v1/users') : Promise.resolve({ items: [] })]);
      const names = new Map(u.items.map((x) => [x.id, x.name]));
      return { items: p.items, users: u.items, names };
    };
    return html`<div class="page promises">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('mt.status')} <select id="promises-status" value=${status} onChange=${(e) => this.setState({ status: e.target.value })}>
            <option value="">${t('mt.promises.all')}</option>
            ${['open', 'kept', 'broken'].map((k) => html`<option value=${k}>${t(`mt.promise.${k}`)}</option>`)}</select></label>
          ${all ? html`<${Load} fetch=${() => api.get('/api/v1/users')}>${(u) => html`<label>${t('manager')}
            <select id="promises-user" value=${who} onChange=${(e) => this.setState({ user: e.target.value })}>
              <option value="">${t('mt.promises.everyone')}</option>
              ${u.items.filter((x) => x.role === 'manager').map((x) => html`<option value=${x.id}>${x.name}</option>`)}</select></label>`}<//>` : null}
        </div></header>
      ${error ? html`<${ErrorBox} error=${error} />` : null}
      <${Load} deps=${`${status}|${who}|${n}`} fetch=${load} isEmpty=${(d) => !d.items.length}>${(d) => html`
        <section class="card"><div class="table-wrap"><table class="grid" id="promises-list">
          <thead><tr>${all ? html`<th>${t('mt.who')}</th>` : null}<th>${t('mt.what')}</th><th>${t('mt.due')}</th>
            <th>${t('mt.status')}</th>${head ? html`<th></th>` : null}</tr></thead>
          <tbody>${d.items.map((p) => html`<tr data-id=${p.id} data-status=${p.status}>
            ${all ? html`<td>${d.names.get(p.user_id) || ''}</td>` : null}
            <td>${p.text}${p.metric ? html` <span class="muted">(${t(`m.${p.metric}`)} ≥ ${metricValue(p.metric, p.target)})</span>` : null}
              ${p.meeting_id ? html` <a class="muted" href=${`/meetings/${p.meeting_id}`}>${t('nav.meeting')}</a>` : null}</td>
            <td>${dueShort(p.due_at)}</td>
            <td><span class=${`badge st-${p.status}`}>${t(`mt.promise.${p.status}`)}</span></td>
            ${head ? html`<td>${p.status === 'open' ? html`<button class="btn small" onClick=${() => this.resolve(p, 'kept')}>${t('mt.promise.kept')}</button>
              <button class="btn small" onClick=${() => this.resolve(p, 'broken')}>${t('mt.promise.broken')}</button>` : null}</td>` : null}
          </tr>`)}</tbody></table></div></section>`}<//>
    </div>`;
  }
}
