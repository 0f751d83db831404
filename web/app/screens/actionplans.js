// actionplans.js - «План действий» (issue 11, item 3): a week's plan of
// actions of the head (the department's) or of a manager, by day: Monday
// to Sunday as columns on a desktop, a list of days on a phone, and
// "this week" for the actions without a day. Add an action in place,
// check it off, delete it, carry the week's open actions to the next week;
// the head switches whose plan and the week. My day (myday.js) shows a
// manager's actions for today with the same checkbox (ActionList).
// /api/v1/action-plans (docs/action-plans.md).
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, shortDate, date, metricValue } from '../i18n.js';
import { Load, FormError } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

const p2 = (x) => String(x).padStart(2, '0');
const iso = (d) => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;

/* The browser's local date, YYYY-MM-DD. */
export function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
}

/* The Monday of a date's ISO week (dates as UTC noon: no zone shifts). */
export function mondayOf(s) {
  const d = new Date(`${s}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return iso(d);
}

export function addDays(s, n) {
  const d = new Date(`${s}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

/* One action: its checkbox (the assignee or the plan's editor checks it
   off), what, its metric's target or deal, and a delete button. */
export function ActionItem({ x, rw, onToggle, onDelete }) {
  return html`<li class=${`ap-item${x.done ? ' done' : ''}`} data-id=${x.id}>
    <input type="checkbox" checked=${x.done} disabled=${!onToggle} aria-label=${x.what}
      onChange=${(e) => onToggle && onToggle(x, e.target.checked)} />
    <span class="ap-what">${x.what}${x.metric ? html` <span class="muted small">· ${t(`m.${x.metric}`)}: ${t('ap.target')} ${metricValue(x.metric, x.target)}</span>` : null}
      ${x.carried ? html` <span class="muted small">· ${t('ap.carried.mark')}</span>` : null}</span>
    ${rw && onDelete ? html`<button class="btn btn-small no-print" aria-label=${t('ap.delete')} title=${t('ap.delete')}
      onClick=${() => onDelete(x)}>×</button>` : null}</li>`;
}

/* Checks an action off (or back on) against its version. */
export function toggleAction(x, done) {
  return api.patchAt(`/api/v1/action-plans/items/${x.id}`, { done }, x.version);
}

class AddAction extends Component {
  constructor(p) { super(p); this.state = { what: '', busy: false, err: null }; }
  async add(e) {
    e.preventDefault();
    const what = this.state.what.trim();
    if (!what) return;
    this.setState({ busy: true, err: null });
    try {
      await api.post('/api/v1/action-plans/items', { week: this.props.week, user_id: this.props.owner, what, day: this.props.day });
      this.setState({ what: '', busy: false });
      this.props.onAdded();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ id }, { what, busy, err }) {
    return html`<form class="ap-add no-print" onSubmit=${(e) => this.add(e)}>
      <input id=${id} value=${what} maxlength="500" placeholder=${t('ap.what')} aria-label=${t('ap.what')}
        onInput=${(e) => this.setState({ what: e.target.value })} />
      <button class="btn btn-small" disabled=${busy} type="submit">${t('ap.add')}</button>
      <${FormError} err=${err} label=${t('ap.what')} /></form>`;
  }
}

export class ActionPlans extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { monday: mondayOf(q.get('week') || localToday()), owner: Number(q.get('user_id')) || 0, n: 0, note: null, err: null };
  }
  set(patch) {
    this.setState({ ...patch, note: null, err: null },
      () => setQuery({ week: this.state.monday, ...(this.state.owner ? { user_id: this.state.owner } : {}) }));
  }
  async load() {
    const { user } = this.props;
    const lead = user.role !== 'manager';
    const [users, plan] = await Promise.all([
      lead ? api.get('/api/v1/users').then((r) => r.items.filter((u) => u.active !== false && (u.role === 'head' || u.role === 'manager'))) : [],
      this.state.owner || user.role === 'head' || user.role === 'manager'
        ? api.get('/api/v1/action-plans', { week: this.state.monday, ...(this.state.owner ? { user_id: this.state.owner } : {}) })
        : null,
    ]);
    if (!plan && users.length) { /* an admin or a viewer: the head's plan first */
      const first = users.find((u) => u.role === 'head') || users[0];
      return { users, plan: await api.get('/api/v1/action-plans', { week: this.state.monday, user_id: first.id }) };
    }
    return { users, plan };
  }
  async act(fn) {
    this.setState({ err: null });
    // a refusal reloads too: a box the browser ticked goes back as the server has it
    try { await fn(); this.setState({ n: this.state.n + 1 }); } catch (err) { this.setState({ err, n: this.state.n + 1 }); }
  }
  async carry(plan) {
    this.setState({ err: null, note: null });
    try {
      const r = await api.post('/api/v1/action-plans/carry', { from_week: plan.week, user_id: plan.user_id });
      this.setState({ note: t('ap.carried', { n: r.carried }), n: this.state.n + 1 });
    } catch (err) { this.setState({ err }); }
  }
  render({ title, user }, { monday, owner, n, note, err }) {
    const rw = user.role !== 'viewer';
    return html`<div class="page action-plans">
      <header class="page-head"><h1>${title}</h1></header>
      <${Load} deps=${`${monday}|${owner}|${n}`} fetch=${() => this.load()}>${({ users, plan }) => {
        if (!plan) return html`<p class="muted">${t('ap.empty')}</p>`;
        const days = [0, 1, 2, 3, 4, 5, 6].map((k) => addDays(plan.monday, k));
        const today = localToday();
        const by = (d) => plan.items.filter((x) => x.day === d);
        const mine = plan.user_id === user.user_id || user.role === 'head' || user.role === 'admin';
        const can = (x) => rw && (mine || x.assignee_id === user.user_id);
        const list = (items, id) => html`<ul class="ap-items" id=${id}>${items.map((x) => html`<${ActionItem} x=${x} rw=${rw && mine}
          onToggle=${can(x) ? (a, done) => this.act(() => toggleAction(a, done)) : null}
          onDelete=${(a) => this.act(() => api.del(`/api/v1/action-plans/items/${a.id}`))} />`)}</ul>`;
        return html`
          <div class="ap-bar">
            <button class="btn btn-small" id="ap-prev" onClick=${() => this.set({ monday: addDays(monday, -7) })}>${t('ap.prev')}</button>
            <strong id="ap-week">${plan.week} · ${date(plan.monday)} — ${date(plan.sunday)}</strong>
            <button class="btn btn-small" id="ap-next" onClick=${() => this.set({ monday: addDays(monday, 7) })}>${t('ap.next')}</button>
            ${users.length ? html`<label>${t('ap.owner')} <select id="ap-owner" value=${plan.user_id}
              onChange=${(e) => this.set({ owner: Number(e.target.value) })}>${users.map((u) => html`<option value=${u.id}>${u.name}${u.role === 'head' ? ` (${t('role.head')})` : ''}</option>`)}</select></label>` : null}
            <span class="muted" id="ap-done">${t('ap.done', { d: plan.done, n: plan.total })}</span>
            ${rw && mine ? html`<button class="btn btn-small" id="ap-carry" onClick=${() => this.carry(plan)}>${t('ap.carry')}</button>` : null}
            ${note ? html`<span role="status" id="ap-note">${note}</span>` : null}
          </div>
          <${FormError} err=${err} />
          <div class="ap-week">${days.map((d) => html`<section class=${`ap-day${d === today ? ' today' : ''}`} id=${`ap-day-${d}`}>
            <h2>${shortDate(d)}</h2>${list(by(d), `ap-list-${d}`)}
            ${rw && mine ? html`<${AddAction} id=${`ap-add-${d}`} week=${plan.week} owner=${plan.user_id} day=${d} onAdded=${() => this.setState({ n: n + 1 })} />` : null}
          </section>`)}</div>
          <section class="card ap-thisweek" id="ap-day-week"><h2>${t('ap.thisweek')}</h2>${list(by(null), 'ap-list-week')}
            ${rw && mine ? html`<${AddAction} id="ap-add-week" week=${plan.week} owner=${plan.user_id} day=${null} onAdded=${() => this.setState({ n: n + 1 })} />` : null}
          </section>`;
      }}<//></div>`;
  }
}
