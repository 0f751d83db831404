// trainings.js - «Обучение» (issue 14, item 4; docs/trainings.md): the
// training schedule by week or by month (a calendar grid by the org's own
// dates, as the API answers them; a list on a phone), a training's card
// (materials from the library, the attendees and, for the head and an
// admin, their attendance marked after, the status), the form that plans
// or changes one, «Моё обучение» (the trainings the user attends), the
// section «Обучение» of the manager's card (TrainingSection) and the block
// of trainings of a weekly meeting (MeetingTrainings). A manager sees the
// whole schedule and only their own attendance. /api/v1/trainings.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, date, DASH } from '../i18n.js';
import { Load, FormError, lead, Tabs } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

export const TR_KINDS = ['pair', 'negotiation_review', 'reading', 'course', 'speaker', 'product'];
const MARKS = ['invited', 'attended', 'absent'];

const p2 = (x) => String(x).padStart(2, '0');
/* Dates as YYYY-MM-DD, counted in UTC so that no browser zone shifts them. */
const ymd = (d) => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
const parse = (s) => new Date(`${s}T00:00:00Z`);
const addDays = (s, n) => { const d = parse(s); d.setUTCDate(d.getUTCDate() + n); return ymd(d); };
/* Monday of the week of s. */
const monday = (s) => addDays(s, -((parse(s).getUTCDay() + 6) % 7));
const monthFirst = (s) => `${s.slice(0, 7)}-01`;
const nextMonth = (s) => { const d = parse(monthFirst(s)); d.setUTCMonth(d.getUTCMonth() + 1); return ymd(d); };
const prevMonth = (s) => { const d = parse(monthFirst(s)); d.setUTCMonth(d.getUTCMonth() - 1); return ymd(d); };
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
}
/* The org's local day and time of an instant the API answers
   ("2026-11-30T10:00:00+03:00": the org's zone's own digits). */
const dayOf = (at) => at.slice(0, 10);
const timeOf = (at) => at.slice(11, 16);

/* The period a view shows: [from, to) and the grid's days. */
export function period(view, anchor) {
  if (view === 'month') {
    const first = monthFirst(anchor), to = nextMonth(anchor);
    const start = monday(first);
    const days = [];
    for (let d = start; d < to || days.length % 7; d = addDays(d, 1)) days.push(d);
    return { from: first, to, days, grid: days };
  }
  const from = monday(anchor);
  const days = Array.from({ length: 7 }, (_, i) => addDays(from, i));
  return { from, to: addDays(from, 7), days, grid: days };
}

/* A form error's field in the words of the form. */
function fieldName(f) {
  const base = String(f || '').replace(/\[\d+\]$/, '');
  return t(`tr.f.${base}`);
}

const kindLabel = (k) => t(`tr.kind.${k}`);

/* One training in the grid or the list: time, kind, topic. */
function Chip({ tr, open, onOpen }) {
  return html`<button type="button" class=${`tr-chip tr-${tr.status}${open ? ' on' : ''}`} data-id=${tr.id}
    aria-expanded=${open ? 'true' : 'false'} onClick=${() => onOpen(tr.id)}>
    <span class="tr-time">${timeOf(tr.starts_at)}</span> <span class="tr-topic">${tr.topic}</span>
    <span class="tr-kind muted small">${kindLabel(tr.kind)}${tr.status === 'planned' ? '' : ` · ${t(`tr.status.${tr.status}`)}`}</span></button>`;
}

/* The form that plans a training or changes one (tr). */
class TrainingForm extends Component {
  constructor(p) {
    super(p);
    const tr = p.tr;
    this.state = tr ? {
      kind: tr.kind, topic: tr.topic, description: tr.description, at: tr.starts_at.slice(0, 16),
      duration: tr.duration_min, trainer: tr.trainer_id || 0, trainerName: tr.trainer_name || '',
      place: tr.place, materials: tr.materials.map((m) => m.document_id),
      attendees: tr.attendees.map((a) => a.user_id), busy: false, err: null,
    } : { kind: 'pair', topic: '', description: '', at: `${p.day || today()}T10:00`, duration: 60, trainer: 0,
      trainerName: '', place: '', materials: [], attendees: [], busy: false, err: null };
  }
  async save(e) {
    e.preventDefault();
    const s = this.state;
    const external = s.kind === 'course' || s.kind === 'speaker';
    const body = { kind: s.kind, topic: s.topic.trim(), description: s.description, starts_at: s.at,
      duration_min: Number(s.duration) || 60, place: s.place, materials: s.materials, attendees: s.attendees,
      trainer_id: s.trainer || null, trainer_name: external && !s.trainer && s.trainerName.trim() ? s.trainerName.trim() : null };
    this.setState({ busy: true, err: null });
    try {
      const r = this.props.tr ? await api.patch(`/api/v1/trainings/${this.props.tr.id}`, body)
        : await api.post('/api/v1/trainings', body);
      this.setState({ busy: false });
      this.props.onSaved(r);
    } catch (err) { this.setState({ busy: false, err }); }
  }
  toggle(key, id) {
    const v = this.state[key];
    this.setState({ [key]: v.includes(id) ? v.filter((x) => x !== id) : [...v, id] });
  }
  render({ users, documents, tr, onCancel }, s) {
    const external = s.kind === 'course' || s.kind === 'speaker';
    const people = users.filter((u) => u.role === 'manager' || u.role === 'head');
    return html`<form class="card tr-form" id="tr-form" onSubmit=${(e) => this.save(e)}>
      <h2>${tr ? t('tr.edit') : t('tr.new')}</h2>
      <div class="tr-grid-form">
        <label>${t('tr.f.kind')} <select id="tr-kind" value=${s.kind} onChange=${(e) => this.setState({ kind: e.target.value })}>
          ${TR_KINDS.map((k) => html`<option value=${k}>${kindLabel(k)}</option>`)}</select></label>
        <label class="tr-wide">${t('tr.f.topic')} <input id="tr-topic" maxlength="200" required value=${s.topic}
          onInput=${(e) => this.setState({ topic: e.target.value })} /></label>
        <label>${t('tr.f.starts_at')} <input id="tr-at" type="datetime-local" required value=${s.at}
          onInput=${(e) => this.setState({ at: e.target.value })} /></label>
        <label>${t('tr.f.duration_min')} <input id="tr-duration" type="number" min="1" max="1440" value=${s.duration}
          onInput=${(e) => this.setState({ duration: e.target.value })} /></label>
        <label>${t('tr.f.trainer_id')} <select id="tr-trainer" value=${s.trainer}
          onChange=${(e) => this.setState({ trainer: Number(e.target.value) })}>
          <option value="0">${external ? t('tr.trainer.external') : t('tr.trainer.none')}</option>
          ${users.map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
        ${external && !s.trainer ? html`<label>${t('tr.f.trainer_name')} <input id="tr-trainer-name" maxlength="200"
          value=${s.trainerName} onInput=${(e) => this.setState({ trainerName: e.target.value })} /></label>` : null}
        <label class="tr-wide">${t('tr.f.place')} <input id="tr-place" maxlength="500" value=${s.place}
          placeholder=${t('tr.place.hint')} onInput=${(e) => this.setState({ place: e.target.value })} /></label>
      </div>
      <label class="tr-text">${t('tr.f.description')} <textarea id="tr-description" rows="2" maxlength="5000"
        value=${s.description} onInput=${(e) => this.setState({ description: e.target.value })}></textarea></label>
      <fieldset class="tr-pick" id="tr-materials"><legend>${t('tr.f.materials')}</legend>
        ${documents.length ? documents.map((d) => html`<label class="tr-check"><input type="checkbox" value=${d.id}
          checked=${s.materials.includes(d.id)} onChange=${() => this.toggle('materials', d.id)} /> ${d.title}</label>`)
          : html`<p class="muted small">${t('tr.materials.none')}</p>`}</fieldset>
      <fieldset class="tr-pick" id="tr-attendees"><legend>${t('tr.f.attendees')}</legend>
        ${people.map((u) => html`<label class="tr-check"><input type="checkbox" value=${u.id}
          checked=${s.attendees.includes(u.id)} onChange=${() => this.toggle('attendees', u.id)} /> ${u.name}</label>`)}</fieldset>
      <${FormError} err=${s.err} name=${fieldName} />
      <div class="tr-actions"><button class="btn btn-primary" id="tr-save" type="submit" disabled=${s.busy}>${t('tr.save')}</button>
        <button class="btn" type="button" onClick=${onCancel}>${t('tr.cancel')}</button></div>
    </form>`;
  }
}

/* A training's card: when, who, where, materials, the attendees (the head
   and an admin mark them), the status. */
class TrainingCard extends Component {
  constructor(p) { super(p); this.state = { err: null, edit: false, n: 0 }; }
  async act(fn) {
    this.setState({ err: null });
    try { await fn(); this.setState({ n: this.state.n + 1 }); this.props.onChanged(); } catch (err) { this.setState({ err }); }
  }
  render({ id, user, users, documents, onClose }, { err, edit, n }) {
    const rw = lead(user);
    return html`<${Load} deps=${`${id}|${n}`} fetch=${() => api.get(`/api/v1/trainings/${id}`)}>${(tr) => edit
      ? html`<${TrainingForm} tr=${tr} users=${users} documents=${documents} onCancel=${() => this.setState({ edit: false })}
          onSaved=${() => { this.setState({ edit: false, n: n + 1 }); this.props.onChanged(); }} />`
      : html`<section class="card tr-card" id="tr-card" data-id=${tr.id}>
      <header class="tr-card-head"><h2>${tr.topic}</h2>
        <button type="button" class="btn btn-small" aria-label=${t('tr.close')} title=${t('tr.close')} onClick=${onClose}>×</button></header>
      <p class="tr-when"><strong>${date(dayOf(tr.starts_at), { weekday: 'short', day: 'numeric', month: 'long' })}</strong>${' '}${timeOf(tr.starts_at)}–${timeOf(tr.ends_at)} · ${kindLabel(tr.kind)} · <span class=${`tr-status tr-${tr.status}`} id="tr-status">${t(`tr.status.${tr.status}`)}</span></p>
      <dl class="tr-facts">
        <dt>${t('tr.f.trainer_id')}</dt><dd id="tr-trainer-name-v">${tr.trainer || DASH}</dd>
        <dt>${t('tr.f.place')}</dt><dd>${/^https?:\/\//.test(tr.place) ? html`<a href=${tr.place} target="_blank" rel="noopener noreferrer">${tr.place}</a>` : tr.place || DASH}</dd>
        ${tr.description ? html`<dt>${t('tr.f.description')}</dt><dd class="tr-desc">${tr.description}</dd>` : null}
        <dt>${t('tr.f.materials')}</dt><dd>${tr.materials.length ? html`<ul class="plain" id="tr-card-materials">
          ${tr.materials.map((m) => html`<li><a href=${`/library/${m.document_id}`}>${m.title}</a></li>`)}</ul>` : DASH}</dd>
      </dl>
      <h3 class="sub">${t('tr.attendees.n', { n: tr.attendees_count })}</h3>
      ${tr.attendees.length ? html`<ul class="tr-people" id="tr-people">${tr.attendees.map((a) => html`<li data-user=${a.user_id}>
        <span class="tr-who">${a.name}</span>
        ${rw && tr.status !== 'cancelled' ? html`<span class="tr-marks" role="radiogroup" aria-label=${a.name}>${MARKS.map((m) => html`<button type="button"
          role="radio" class=${`btn btn-small tr-mark${a.attendance === m ? ' on' : ''}`} data-mark=${m} aria-checked=${a.attendance === m ? 'true' : 'false'}
          onClick=${() => this.act(() => api.put(`/api/v1/trainings/${tr.id}/attendance`, { user_id: a.user_id, attendance: m }))}>${t(`tr.mark.${m}`)}</button>`)}</span>`
          : html`<span class=${`tr-att tr-att-${a.attendance}`}>${t(`tr.mark.${a.attendance}`)}</span>`}</li>`)}</ul>`
        : html`<p class="muted" id="tr-people-none">${user.role === 'manager' ? t('tr.not.mine') : t('tr.people.none')}</p>`}
      <${FormError} err=${err} name=${fieldName} />
      ${rw ? html`<div class="tr-actions">
        ${tr.status !== 'held' ? html`<button class="btn btn-primary btn-small" id="tr-held" onClick=${() => this.act(() => api.patch(`/api/v1/trainings/${tr.id}`, { status: 'held' }))}>${t('tr.do.held')}</button>` : null}
        ${tr.status !== 'cancelled' ? html`<button class="btn btn-small" id="tr-cancel" onClick=${() => this.act(() => api.patch(`/api/v1/trainings/${tr.id}`, { status: 'cancelled' }))}>${t('tr.do.cancel')}</button>`
          : html`<button class="btn btn-small" id="tr-restore" onClick=${() => this.act(() => api.patch(`/api/v1/trainings/${tr.id}`, { status: 'planned' }))}>${t('tr.do.restore')}</button>`}
        <button class="btn btn-small" id="tr-edit" onClick=${() => this.setState({ edit: true })}>${t('tr.do.edit')}</button></div>` : null}
    </section>`}<//>`;
  }
}

export class Trainings extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { view: q.get('view') === 'month' ? 'month' : 'week', anchor: q.get('date') || today(),
      mine: q.get('mine') === '1', open: Number(q.get('id')) || 0, form: false, n: 0 };
  }
  set(patch) {
    this.setState(patch, () => {
      const s = this.state;
      setQuery({ view: s.view, date: s.anchor, ...(s.mine ? { mine: 1 } : {}), ...(s.open ? { id: s.open } : {}) });
    });
  }
  async load(p) {
    const { user } = this.props;
    const s = this.state;
    const rw = lead(user);
    const [list, users, documents] = await Promise.all([
      api.get('/api/v1/trainings', { from: p.from, to: p.to, ...(s.mine ? { user_id: user.id } : {}) }).then((r) => r.items),
      rw ? api.get('/api/v1/users').then((r) => r.items.filter((u) => u.active !== false && u.role !== 'viewer')) : [],
      rw ? api.get('/api/v1/documents').then((r) => r.items) : [],
    ]);
    return { list, users, documents };
  }
  step(k) {
    const s = this.state;
    const anchor = s.view === 'month' ? (k > 0 ? nextMonth(s.anchor) : prevMonth(s.anchor)) : addDays(s.anchor, 7 * k);
    this.set({ anchor });
  }
  render({ title, user }, s) {
    const rw = lead(user);
    const p = period(s.view, s.anchor);
    const now = today();
    const label = s.view === 'month' ? date(monthFirst(s.anchor), { month: 'long', year: 'numeric' })
      : `${date(p.from, { day: 'numeric', month: 'short' })} — ${date(addDays(p.to, -1), { day: 'numeric', month: 'short', year: 'numeric' })}`;
    return html`<div class="page trainings">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters tr-nav">
          <${Tabs} tabs=${[['week', t('tr.week')], ['month', t('tr.month')]]} value=${s.view} onChange=${(v) => this.set({ view: v })} />
          <button class="btn btn-small" id="tr-prev" aria-label=${t('tr.prev')} title=${t('tr.prev')} onClick=${() => this.step(-1)}>‹</button>
          <strong class="tr-period" id="tr-period">${label}</strong>
          <button class="btn btn-small" id="tr-next" aria-label=${t('tr.next')} title=${t('tr.next')} onClick=${() => this.step(1)}>›</button>
          <button class="btn btn-small" id="tr-today" onClick=${() => this.set({ anchor: now })}>${t('tr.today')}</button>
          <label class="tr-mine"><input type="checkbox" id="tr-mine" checked=${s.mine} onChange=${(e) => this.set({ mine: e.target.checked })} /> ${t('tr.mine')}</label>
          ${rw ? html`<button class="btn btn-primary btn-small" id="tr-new" onClick=${() => this.setState({ form: !s.form })}>${t('tr.new')}</button>` : null}
        </div></header>
      <p class="subtitle">${user.role === 'manager' ? t('tr.sub.manager') : t('tr.sub')}</p>
      <${Load} deps=${`${p.from}|${p.to}|${s.mine}|${s.n}`} fetch=${() => this.load(p)}>${({ list, users, documents }) => {
        const byDay = new Map();
        for (const tr of list) {
          const d = dayOf(tr.starts_at);
          if (!byDay.has(d)) byDay.set(d, []);
          byDay.get(d).push(tr);
        }
        const open = (id) => this.set({ open: s.open === id ? 0 : id });
        return html`
        ${rw && s.form ? html`<${TrainingForm} users=${users} documents=${documents} onCancel=${() => this.setState({ form: false })}
          onSaved=${(r) => this.set({ form: false, n: s.n + 1, open: r.id, anchor: dayOf(r.starts_at) })} />` : null}
        ${s.open ? html`<${TrainingCard} id=${s.open} user=${user} users=${users} documents=${documents}
          onClose=${() => this.set({ open: 0 })} onChanged=${() => this.setState({ n: s.n + 1 })} />` : null}
        <div class=${`tr-cal tr-cal-${s.view}`} id="tr-cal" role="grid" aria-label=${label}>
          ${[0, 1, 2, 3, 4, 5, 6].map((i) => html`<div class="tr-dow" role="columnheader">${date(p.grid[i], { weekday: 'short' })}</div>`)}
          ${p.grid.map((d) => html`<div role="gridcell" data-day=${d}
            class=${`tr-day${d === now ? ' today' : ''}${d < p.from || d >= p.to ? ' out' : ''}`}>
            <div class="tr-daynum">${Number(d.slice(8))}</div>
            ${(byDay.get(d) || []).map((tr) => html`<${Chip} tr=${tr} open=${s.open === tr.id} onOpen=${open} />`)}</div>`)}
        </div>
        <section class="tr-list" id="tr-list">
          ${list.length === 0 ? html`<p class="muted" id="tr-empty">${t('tr.none')}</p>`
            : p.days.filter((d) => byDay.has(d)).map((d) => html`<div class="tr-list-day" data-day=${d}>
              <h3 class="sub">${date(d, { weekday: 'long', day: 'numeric', month: 'long' })}</h3>
              ${byDay.get(d).map((tr) => html`<${Chip} tr=${tr} open=${s.open === tr.id} onOpen=${open} />`)}</div>`)}
        </section>`;
      }}<//></div>`;
  }
}

/* «Обучение» of the manager's card: the trainings u attends, how many
   attended, missed and ahead, and the last ones with their mark. */
export function TrainingSection({ u }) {
  return html`<${Load} deps=${u.id} fetch=${() => api.get('/api/v1/trainings', { user_id: u.id })}>${(r) => {
    const mine = r.items.map((tr) => ({ tr, a: (tr.attendees.find((x) => x.user_id === u.id) || {}).attendance || 'invited' }));
    const count = (f) => mine.filter(f).length;
    const held = count((x) => x.a === 'attended'), missed = count((x) => x.a === 'absent');
    const ahead = count((x) => x.tr.status === 'planned' && x.a === 'invited');
    const last = mine.slice(-8).reverse();
    return html`<div class="kpis" id="mgr-trainings">
        <div class="kpi"><div class="kpi-label">${t('tr.mark.attended')}</div><div class="kpi-value" id="mgr-tr-attended">${num(held)}</div></div>
        <div class="kpi"><div class="kpi-label">${t('tr.mark.absent')}</div><div class="kpi-value" id="mgr-tr-missed">${num(missed)}</div></div>
        <div class="kpi"><div class="kpi-label">${t('tr.ahead')}</div><div class="kpi-value" id="mgr-tr-ahead">${num(ahead)}</div></div></div>
      ${last.length ? html`<ul class="plain" id="mgr-tr-list">${last.map(({ tr, a }) => html`<li data-id=${tr.id}>
        <a href=${`/trainings?view=week&date=${dayOf(tr.starts_at)}&id=${tr.id}`}>${tr.topic}</a>
        <span class="muted small"> · ${date(dayOf(tr.starts_at))} · ${kindLabel(tr.kind)} · ${t(`tr.mark.${a}`)}</span></li>`)}</ul>`
        : html`<p class="muted" id="mgr-tr-none">${t('tr.none.user')}</p>`}`;
  }}<//>`;
}

/* The trainings of a weekly meeting's week (meeting m, from its Monday to
   the next) with the one in its training block marked; the head and an
   admin put one in the block or take it out (PATCH meeting_id). */
export class MeetingTrainings extends Component {
  constructor(p) { super(p); this.state = { n: 0, err: null }; }
  async pick(tr, on) {
    this.setState({ err: null });
    try {
      await api.patch(`/api/v1/trainings/${tr.id}`, { meeting_id: on ? this.props.meeting.id : null });
      this.setState({ n: this.state.n + 1 });
    } catch (err) { this.setState({ err }); }
  }
  render({ meeting, user }, { n, err }) {
    const from = monday(dayOf(meeting.scheduled_at));
    const rw = lead(user) && meeting.status !== 'closed';
    return html`<section class="card tr-meeting" id="mt-trainings"><h2>${t('tr.meeting.block')}</h2>
      <${Load} deps=${`${meeting.id}|${n}`} fetch=${() => api.get('/api/v1/trainings', { from, to: addDays(from, 7) })}>${(r) => r.items.length
        ? html`<ul class="plain">${r.items.map((tr) => html`<li data-id=${tr.id} class=${tr.meeting_id === meeting.id ? 'tr-picked' : ''}>
          <a href=${`/trainings?view=week&date=${dayOf(tr.starts_at)}&id=${tr.id}`}>${tr.topic}</a>
          <span class="muted small"> · ${date(dayOf(tr.starts_at), { weekday: 'short', day: 'numeric', month: 'short' })} ${timeOf(tr.starts_at)} · ${kindLabel(tr.kind)}</span>
          ${tr.meeting_id === meeting.id ? html` <strong class="tr-in-block">${t('tr.meeting.in')}</strong>` : null}
          ${rw ? html` <button type="button" class="btn btn-small tr-pick-btn" onClick=${() => this.pick(tr, tr.meeting_id !== meeting.id)}>
            ${tr.meeting_id === meeting.id ? t('tr.meeting.out') : t('tr.meeting.pick')}</button>` : null}</li>`)}</ul>`
        : html`<p class="muted">${t('tr.meeting.none')}</p>`}<//>
      <${FormError} err=${err} name=${fieldName} /></section>`;
  }
}
