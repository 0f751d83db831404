// manager.js - the manager's card (/managers/:id, issue 11): who they are
// (name, team, role), this month's plan-fact, the bonus of the month with
// its breakdown, the recognitions received and, for the head or an admin,
// the form that gives one, and the promise record of the last six months
// with the open promises. The card is a list of sections (SECTIONS).
// :id is a user id, or an e-mail (the plan-fact's rows link by e-mail).
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, num, pct, date } from '../i18n.js';
import { Load, lead } from '../ui.js';
import { thisMonth, PF_URL } from './planfact.js';
import { PayoutTable, bonusLang } from './bonuses.js';
import { IdpSection } from './idp.js';

const PF_METRICS = ['payments', 'revenue', 'deals_won', 'calls', 'meetings'];

function PlanFactSection({ u, period }) {
  return html`<${Load} deps=${`${u.id}|${period}`} fetch=${() => api.get(PF_URL, { period, scope: `user:${u.email}` })}>${(rep) => {
    // the user's own row (a manager's answer also holds the department's)
    const row = rep.rows.find((r) => r.scope === 'user' && r.email === u.email);
    if (!row) return html`<p class="muted">—</p>`;
    return html`<div class="table-wrap"><table class="grid" id="mgr-pf">
      <thead><tr><th></th><th class="num">${t('bonus.plan')}</th><th class="num">${t('bonus.fact')}</th><th class="num">${t('bonus.pct')}</th></tr></thead>
      <tbody>${PF_METRICS.map((k) => {
        const c = row.metrics[k];
        const v = (x) => (x == null ? '—' : k === 'payments' || k === 'revenue' ? money(x, true) : num(x));
        return html`<tr data-metric=${k}><th scope="row">${t(`m.${k}`)}</th><td class="num">${v(c.plan)}</td>
          <td class="num">${v(c.fact)}</td><td class="num">${c.pct == null ? '—' : pct(c.pct)}</td></tr>`;
      })}</tbody></table></div>`;
  }}<//>`;
}

class BonusSection extends Component {
  constructor(props) { super(props); this.state = { open: new Set() }; }
  render({ u, period }, { open }) {
    return html`<${Load} deps=${`${u.id}|${period}|${bonusLang()}`}
      fetch=${() => api.get('/api/v1/reports/bonus', { period, lang: bonusLang() })}>${(rep) => {
      const rows = rep.rows.filter((r) => r.user_id === u.id);
      if (!rows.length) return html`<p class="muted" id="mgr-nobonus">${t('mgr.nobonus')}</p>`;
      return html`<p id="mgr-bonus">${t('bonus.month', { sum: money(rows[0].payout) })}</p>
        <${PayoutTable} rows=${rows} open=${open} link=${false} onToggle=${(id) => {
          const next = new Set(open);
          if (next.has(id)) next.delete(id); else next.add(id);
          this.setState({ open: next });
        }} />`;
    }}<//>`;
  }
}

const BADGES = ['best_month', 'hard_deal', 'mentor', 'thanks'];

class GiveForm extends Component {
  constructor(props) { super(props); this.state = { badge: 'best_month', comment: '', busy: false, error: null }; }
  async submit(e) {
    e.preventDefault();
    const { badge, comment } = this.state;
    this.setState({ busy: true, error: null });
    try {
      await api.post('/api/v1/recognitions', { user_id: this.props.u.id, badge, comment });
      this.setState({ busy: false, comment: '' });
      this.props.onGiven();
    } catch (err) {
      this.setState({ busy: false, error: err });
    }
  }
  render(_, { badge, comment, busy, error }) {
    return html`<form class="form-grid" id="mgr-give" onSubmit=${(e) => this.submit(e)} novalidate>
      <label>${t('mgr.badge')} <select id="mgr-badge" value=${badge} onChange=${(e) => this.setState({ badge: e.target.value })}>
        ${BADGES.map((b) => html`<option value=${b}>${t(`badge.${b}`)}</option>`)}</select></label>
      <label>${t('mgr.comment')} <input id="mgr-comment" value=${comment} maxlength="500" onInput=${(e) => this.setState({ comment: e.target.value })} /></label>
      ${error ? html`<div class="form-error" role="alert" id="mgr-give-error">${error.message}</div>` : null}
      <button class="btn" type="submit" disabled=${busy} id="mgr-give-btn">${t('mgr.give')}</button></form>`;
  }
}

class RecognitionSection extends Component {
  constructor(props) { super(props); this.state = { gen: 0 }; }
  render({ u, user }, { gen }) {
    return html`<${Load} deps=${`${u.id}|${gen}`} fetch=${() => api.get('/api/v1/recognitions', { user_id: u.id })}>${(r) => html`
      ${r.items.length ? html`<ul class="plain" id="mgr-recognitions">${r.items.map((g) => html`<li class="recognition" data-badge=${g.badge}>
        <b>${t(`badge.${g.badge}`)}</b> · ${date(g.created_at)}${g.author ? html` · ${g.author}` : null}
        ${g.comment ? html`<div>${g.comment}</div>` : null}</li>`)}</ul>`
        : html`<p class="muted" id="mgr-norec">${t('mgr.norec')}</p>`}`}<//>
      ${lead(user) && (user.user_id ?? user.id) !== u.id ? html`<${GiveForm} u=${u} onGiven=${() => this.setState({ gen: gen + 1 })} />` : null}`;
  }
}

/* "2026-11" shifted by k months ("2026-11", -5 -> "2026-06"). */
function addMonths(m, k) {
  const d = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1 + k, 1));
  return d.toISOString().slice(0, 7);
}

/* «Обещания»: the promise record by month, the last six months up to this
   one (kept, not kept, open, kept %; GET /api/v1/promises/record), and the
   open promises (docs/meetings.md). */
function PromiseSection({ u, period }) {
  const load = () => Promise.all([
    api.get('/api/v1/promises/record', { user_id: u.id, from_month: addMonths(period, -5), to_month: period }),
    api.get('/api/v1/promises', { user_id: u.id, status: 'open' })]);
  return html`<${Load} deps=${`${u.id}|${period}`} fetch=${load}>${([rec, open]) => html`
    <div class="table-wrap"><table class="grid" id="mgr-promises-record">
      <thead><tr><th>${t('mgr.prom.month')}</th><th class="num">${t('mt.promise.kept')}</th>
        <th class="num">${t('mt.promise.broken')}</th><th class="num">${t('mt.promise.open')}</th>
        <th class="num">${t('mgr.prom.pct')}</th></tr></thead>
      <tbody>${rec.months.map((m) => html`<tr data-month=${m.month}>
        <th scope="row">${date(`${m.month}-01`, { month: 'long', year: 'numeric' })}</th>
        <td class="num">${num(m.kept)}</td><td class="num">${num(m.broken)}</td><td class="num">${num(m.open)}</td>
        <td class="num">${m.pct == null ? '—' : pct(m.pct, 0)}</td></tr>`)}</tbody></table></div>
    <h3 class="sub">${t('mgr.prom.open')}</h3>
    ${open.items.length ? html`<ul class="plain" id="mgr-promises-open">${open.items.map((p) => html`<li data-id=${p.id}>
      ${p.text} <span class="muted">${t('mt.until')} ${date(p.due_at)}</span></li>`)}</ul>`
      : html`<p class="muted" id="mgr-promises-none">${t('mt.promises.none')}</p>`}`}<//>`;
}

/* The card's sections, in order: a key of its title and its view. */
export const SECTIONS = [
  { key: 'mgr.pf', view: PlanFactSection },
  { key: 'mgr.bonus', view: BonusSection },
  { key: 'mgr.recognitions', view: RecognitionSection },
  { key: 'mgr.promises', view: PromiseSection },
  { key: 'mgr.idp', view: IdpSection },
];

export class Manager extends Component {
  async load() {
    const id = decodeURIComponent(this.props.params.id);
    if (/^\d+$/.test(id)) return api.get(`/api/v1/users/${id}`);
    const all = await api.get('/api/v1/users');
    const u = (all.items || []).find((x) => x.email === id);
    if (!u) throw Object.assign(new Error(t('mgr.notfound')), { status: 404 });
    return u;
  }
  render({ params, user }) {
    const period = thisMonth();
    return html`<div class="page"><${Load} deps=${params.id} fetch=${() => this.load()}>${(u) => html`
      <header class="page-head"><h1 id="mgr-name">${u.name}</h1>
        <p class="subtitle">${t(`role.${u.role}`)}${u.team ? html` · ${t('mgr.team')}: ${u.team}` : null}</p></header>
      ${SECTIONS.map((s) => html`<section class="card" data-section=${s.key}><h2>${t(s.key)}</h2>
        <${s.view} u=${u} user=${user} period=${period} /></section>`)}`}<//></div>`;
  }
}
