// onboarding.js - «Адаптация» (issue 14, item 2; docs/onboarding.md): the
// head's list of newcomers with their progress bars and overdue items;
// a plan's card with its checklist (an item ticked by the newcomer, the
// mentor or the head), the mentor, and the ramp-up table (the newcomer
// against the department's average by month of tenure); the start of a
// plan by hand and the template editor for the head and an admin. A
// manager sees «Моя адаптация» and the plans of those they mentor. Also
// the manager card's section (OnboardingSection).
// /api/v1/onboarding, /api/v1/onboarding/templates.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, money, date, DASH } from '../i18n.js';
import { Load, FormError, lead } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

export const KINDS = ['product', 'crm', 'scripts', 'calls_with_mentor', 'attestation', 'other'];
const METRICS = ['revenue', 'deals_won', 'calls', 'meetings'];
const me = (user) => user.user_id ?? user.id;

/* done / total as a bar and its figures. */
function Progress({ p }) {
  return html`<span class="onb-progress"><progress max=${p.total || 1} value=${p.done}
    aria-label=${t('onb.progress')}></progress> <span class="onb-count">${p.done} / ${p.total}</span></span>`;
}

/* The ramp-up: each month of tenure, the newcomer's figure and the average. */
function Rampup({ id }) {
  const show = (k, v) => (v == null ? DASH : k === 'revenue' ? money(v, true) : num(v, Number.isInteger(v) ? 0 : 2));
  return html`<${Load} deps=${id} fetch=${() => api.get(`/api/v1/onboarding/${id}/rampup`)}>${(r) => (r.months.length
    ? html`<div class="table-wrap"><table class="grid onb-ramp" id="onb-ramp">
      <thead><tr><th>${t('onb.ramp.month')}</th>${METRICS.map((m) => html`<th class="num" colspan="2">${t(`m.${m}`)}</th>`)}</tr>
        <tr><th></th>${METRICS.map(() => html`<th class="num small">${t('onb.ramp.fact')}</th><th class="num small muted">${t('onb.ramp.avg')}</th>`)}</tr></thead>
      <tbody>${r.months.map((m) => html`<tr data-month=${m.month}>
        <th scope="row">${t('onb.ramp.n', { n: m.month })}${m.complete ? '' : html` <span class="muted small">${t('onb.ramp.current')}</span>`}
          <div class="muted small">${date(m.from)} – ${date(m.to)}</div></th>
        ${METRICS.map((k) => html`<td class="num" data-metric=${k}>${show(k, m.fact[k])}</td><td class="num muted" data-avg=${k}>${show(k, m.average[k])}</td>`)}</tr>`)}</tbody>
    </table></div><p class="muted small">${t('onb.ramp.note')}</p>`
    : html`<p class="muted">${t('onb.ramp.none')}</p>`)}<//>`;
}

/* One plan: the newcomer, the mentor, the checklist, the ramp-up. */
export class PlanCard extends Component {
  // ticks: the items ticked here ({n: done}), shown until the plan is read again
  constructor(p) { super(p); this.state = { err: null, busy: false, n: 0, ticks: {} }; }
  async act(fn) {
    this.setState({ busy: true, err: null });
    try { await fn(); this.setState({ busy: false, n: this.state.n + 1 }); if (this.props.onChanged) this.props.onChanged(); }
    catch (err) { this.setState({ busy: false, err, ticks: {} }); }
  }
  tick(n, done) {
    this.setState({ ticks: { ...this.state.ticks, [n]: done } });
    this.act(() => api.patch(`/api/v1/onboarding/${this.props.id}/items/${n}`, { done }));
  }
  render({ id, user, users }, { err, busy, n, ticks }) {
    const rw = lead(user);
    return html`<${Load} deps=${`${id}|${n}`} fetch=${() => api.get(`/api/v1/onboarding/${id}`)}>${(p) => {
      const mark = user.role !== 'viewer' && p.status === 'open';
      return html`<div class="onb-plan" id="onb-plan" data-id=${p.id}>
        <h2>${p.user} <span class=${`onb-status onb-${p.status}`}>${t(`onb.status.${p.status}`)}</span></h2>
        <p class="onb-meta">${t('onb.start')}: ${date(p.start_date)} · ${t('onb.mentor')}: <span id="onb-mentor">${p.mentor || DASH}</span> · <${Progress} p=${p} />${p.overdue ? html` · <span class="onb-overdue" id="onb-overdue">${t('onb.overdue.n', { n: p.overdue })}</span>` : null}</p>
        <ul class="onb-items" id="onb-items">${p.items.map((it) => html`<li class=${`onb-item${it.done ? ' done' : ''}${it.overdue ? ' late' : ''}`} data-n=${it.n}>
          <label><input type="checkbox" checked=${ticks[it.n] ?? it.done} disabled=${!mark || busy}
            onChange=${(e) => this.tick(it.n, e.target.checked)} />
            <span class="onb-title">${it.title}</span></label>
          <span class="muted small"> ${t(`onb.kind.${it.kind}`)} · ${t('onb.due')} ${date(it.due_date)}
            ${it.document_id ? html` · <a href=${`/library/${it.document_id}`}>${it.document}</a>` : null}
            ${it.done ? html` · ${t('onb.done.by', { who: it.done_by || DASH })}` : null}
            ${it.overdue ? html` · <strong class="onb-late">${t('onb.late')}</strong>` : null}</span></li>`)}</ul>
        ${rw ? html`<div class="filters onb-actions">
          <label>${t('onb.mentor')} <select id="onb-mentor-pick" value=${p.mentor_id || ''}
            onChange=${(e) => this.act(() => api.patch(`/api/v1/onboarding/${id}`, { mentor_id: e.target.value ? Number(e.target.value) : null }))}>
            <option value="">${t('onb.mentor.none')}</option>
            ${(users || []).filter((u) => u.id !== p.user_id).map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
          <button class="btn btn-small" id="onb-close" disabled=${busy}
            onClick=${() => this.act(() => api.patch(`/api/v1/onboarding/${id}`, { status: p.status === 'open' ? 'closed' : 'open' }))}>
            ${t(p.status === 'open' ? 'onb.close' : 'onb.reopen')}</button></div>` : null}
        <${FormError} err=${err} />
        <h3>${t('onb.ramp')}</h3>
        <${Rampup} id=${id} /></div>`;
    }}<//>`;
  }
}

/* The head's start of a plan by hand: a user without one, the mentor, the date. */
class StartForm extends Component {
  constructor(p) { super(p); this.state = { user: '', mentor: '', start: '', busy: false, err: null }; }
  async save(e) {
    e.preventDefault();
    const s = this.state;
    this.setState({ busy: true, err: null });
    try {
      const r = await api.post('/api/v1/onboarding', { user_id: Number(s.user), mentor_id: s.mentor ? Number(s.mentor) : null,
        start_date: s.start || null });
      this.setState({ busy: false });
      this.props.onSaved(r.id);
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ users, plans }, s) {
    const without = users.filter((u) => !plans.some((p) => p.user_id === u.id));
    return html`<form class="card rv-form" id="onb-start-form" onSubmit=${(e) => this.save(e)}><h2>${t('onb.start.new')}</h2>
      <div class="rv-grid">
        <label>${t('onb.newcomer')} <select id="onb-user" value=${s.user} onChange=${(e) => this.setState({ user: e.target.value })}>
          <option value="">—</option>${without.map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
        <label>${t('onb.mentor')} <select id="onb-mentor-new" value=${s.mentor} onChange=${(e) => this.setState({ mentor: e.target.value })}>
          <option value="">${t('onb.mentor.none')}</option>${users.map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
        <label>${t('onb.start')} <input type="date" id="onb-start" value=${s.start} onInput=${(e) => this.setState({ start: e.target.value })} /></label>
      </div>
      <${FormError} err=${s.err} />
      <div class="rv-actions"><button class="btn btn-primary" type="submit" id="onb-start-save" disabled=${s.busy || !s.user}>${t('onb.start.go')}</button></div></form>`;
  }
}

/* The template editor of one role: the items in order, each a line. */
class TemplateEditor extends Component {
  constructor(p) { super(p); this.state = { role: 'manager', items: null, busy: false, err: null, saved: false }; }
  componentDidMount() { this.load(); }
  async load() {
    try {
      const r = await api.get('/api/v1/onboarding/templates');
      this.setState({ all: r, items: r[this.state.role].map((x) => ({ ...x })) });
    } catch (err) { this.setState({ err }); }
  }
  pick(role) { this.setState({ role, items: this.state.all[role].map((x) => ({ ...x })), saved: false, err: null }); }
  edit(i, patch) { const items = this.state.items.slice(); items[i] = { ...items[i], ...patch }; this.setState({ items, saved: false }); }
  async save(e) {
    e.preventDefault();
    const { role, items } = this.state;
    this.setState({ busy: true, err: null });
    try {
      const r = await api.put('/api/v1/onboarding/templates', { role, items: items.map((x) => ({ title: x.title, kind: x.kind,
        due_day: Number(x.due_day), document_id: x.document_id || null })) });
      this.setState({ all: r, items: r[role].map((x) => ({ ...x })), busy: false, saved: true });
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render(_, { role, items, busy, err, saved }) {
    if (!items) return html`<${FormError} err=${err} />`;
    return html`<form class="onb-tpl" id="onb-tpl" onSubmit=${(e) => this.save(e)}>
      <div class="filters"><label>${t('onb.tpl.role')} <select id="onb-tpl-role" value=${role} onChange=${(e) => this.pick(e.target.value)}>
        <option value="manager">${t('role.manager')}</option><option value="head">${t('role.head')}</option></select></label></div>
      <ol class="onb-tpl-items">${items.map((it, i) => html`<li class="onb-tpl-item" data-i=${i}>
        <input class="onb-tpl-title" aria-label=${t('onb.tpl.title')} maxlength="500" value=${it.title} onInput=${(e) => this.edit(i, { title: e.target.value })} />
        <select class="onb-tpl-kind" aria-label=${t('onb.tpl.kind')} value=${it.kind} onChange=${(e) => this.edit(i, { kind: e.target.value })}>
          ${KINDS.map((k) => html`<option value=${k}>${t(`onb.kind.${k}`)}</option>`)}</select>
        <label class="small">${t('onb.tpl.day')} <input class="onb-tpl-day" type="number" min="0" max="365" value=${it.due_day}
          onInput=${(e) => this.edit(i, { due_day: e.target.value })} /></label>
        <button type="button" class="btn btn-small" aria-label=${t('onb.tpl.remove')} title=${t('onb.tpl.remove')}
          onClick=${() => this.setState({ items: items.filter((_, k) => k !== i), saved: false })}>×</button></li>`)}</ol>
      <${FormError} err=${err} />
      <div class="rv-actions"><button type="button" class="btn btn-small" id="onb-tpl-add"
        onClick=${() => this.setState({ items: [...items, { title: '', kind: 'other', due_day: 7, document_id: null }], saved: false })}>${t('onb.tpl.add')}</button>
        <button class="btn btn-primary btn-small" type="submit" id="onb-tpl-save" disabled=${busy}>${t('onb.tpl.save')}</button>
        ${saved ? html`<span class="muted small" role="status">${t('onb.tpl.saved')}</span>` : null}</div></form>`;
  }
}

/* The list of plans: newcomer, mentor, start, progress, overdue, status (on a
   phone the newcomer, the progress and the overdue count: the card has the rest). */
function PlanTable({ plans, open, onOpen, id }) {
  return html`<div class="table-wrap"><table class="grid onb-list" id=${id}>
    <thead><tr><th>${t('onb.newcomer')}</th><th class="onb-wide">${t('onb.mentor')}</th><th class="onb-wide">${t('onb.start')}</th><th>${t('onb.progress')}</th>
      <th class="num">${t('onb.overdue')}</th><th class="onb-wide">${t('onb.status')}</th></tr></thead>
    <tbody>${plans.map((p) => html`<tr data-id=${p.id} class=${open === p.id ? 'sel' : ''}>
      <th scope="row"><button type="button" class="link-btn onb-open" onClick=${() => onOpen(p.id)}>${p.user}</button></th>
      <td class="onb-wide">${p.mentor || DASH}</td><td class="onb-wide">${date(p.start_date)}</td><td><${Progress} p=${p} /></td>
      <td class=${`num${p.overdue ? ' onb-late' : ''}`}>${num(p.overdue)}</td><td class="onb-wide">${t(`onb.status.${p.status}`)}</td></tr>`)}</tbody>
  </table></div>`;
}

export class Onboarding extends Component {
  constructor(p) {
    super(p);
    this.state = { open: Number(currentQuery().get('plan')) || 0, form: false, tpl: false, n: 0 };
  }
  openPlan(id) { this.setState({ open: this.state.open === id ? 0 : id }, () => setQuery(this.state.open ? { plan: this.state.open } : {})); }
  async load() {
    const { user } = this.props;
    if (user.role === 'manager') {
      const [mine, mentees] = await Promise.all([api.get('/api/v1/onboarding', { user_id: me(user) }),
        api.get('/api/v1/onboarding', { mentor_id: me(user) })]);
      return { mine: mine.items, plans: mentees.items, users: [] };
    }
    const [plans, users] = await Promise.all([api.get('/api/v1/onboarding').then((r) => r.items),
      api.get('/api/v1/users').then((r) => r.items.filter((u) => u.active !== false && (u.role === 'manager' || u.role === 'head')))]);
    return { mine: [], plans, users };
  }
  render({ title, user }, s) {
    const rw = lead(user);
    const mgr = user.role === 'manager';
    return html`<div class="page onboarding">
      <header class="page-head"><h1>${mgr ? t('onb.mine') : title}</h1>
        ${rw ? html`<div class="filters"><button class="btn btn-primary btn-small" id="onb-new" onClick=${() => this.setState({ form: !s.form })}>${t('onb.start.new')}</button>
          <button class="btn btn-small" id="onb-tpl-open" onClick=${() => this.setState({ tpl: !s.tpl })}>${t('onb.tpl')}</button></div>` : null}</header>
      <p class="subtitle">${mgr ? t('onb.sub.mine') : t('onb.sub')}</p>
      <${Load} deps=${s.n} fetch=${() => this.load()}>${({ mine, plans, users }) => html`
        ${rw && s.tpl ? html`<section class="card" id="onb-tpl-card"><h2>${t('onb.tpl')}</h2><${TemplateEditor} /></section>` : null}
        ${rw && s.form ? html`<${StartForm} users=${users} plans=${plans} onSaved=${(id) => this.setState({ form: false, open: id, n: s.n + 1 })} />` : null}
        ${mgr ? (mine.length ? html`<section class="card"><${PlanCard} id=${mine[0].id} user=${user} onChanged=${() => {}} /></section>`
          : html`<p class="muted" id="onb-mine-none">${t('onb.mine.none')}</p>`) : null}
        ${!mgr || plans.length ? html`<section class="card"><h2>${t(mgr ? 'onb.mentees' : 'onb.list')}</h2>
          ${plans.length ? html`<${PlanTable} id="onb-list" plans=${plans} open=${s.open} onOpen=${(id) => this.openPlan(id)} />`
            : html`<p class="muted" id="onb-none">${t('onb.none')}</p>`}</section>` : null}
        ${s.open && (plans.some((p) => p.id === s.open)) ? html`<section class="card" id="onb-card">
          <${PlanCard} id=${s.open} user=${user} users=${users} onChanged=${() => this.setState({ n: s.n + 1 })} /></section>` : null}`}<//></div>`;
  }
}

/* The manager card's section: the user's plan, if any (manager.js). */
export function OnboardingSection({ u, user }) {
  const fetch = () => api.get('/api/v1/onboarding', { user_id: u.id }).catch(() => ({ items: [] }));
  return html`<${Load} deps=${u.id} fetch=${fetch}>${(r) => (r.items.length
    ? html`<p id="mgr-onboarding"><${Progress} p=${r.items[0]} /> · ${t('onb.start')}: ${date(r.items[0].start_date)} · ${t('onb.mentor')}: ${r.items[0].mentor || DASH}${r.items[0].overdue ? html` · <span class="onb-late">${t('onb.overdue.n', { n: r.items[0].overdue })}</span>` : null} · <a href=${user.role === 'manager' ? '/onboarding' : `/onboarding?plan=${r.items[0].id}`}>${t('onb.open')}</a></p>`
    : html`<p class="muted" id="mgr-onboarding-none">${t('onb.card.none')}</p>`)}<//>`;
}
