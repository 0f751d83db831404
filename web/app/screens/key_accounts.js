// key_accounts.js - «Ключевые клиенты» (issue 12, item 1): each key account
// with its plan of the month, the fact, a pct bar, 12 months of payments as
// small bars, its contacts (on demand) and a link to the client card; the
// head (and an admin) sets the plan inline. A manager gets their own key
// accounts: the server restricts (docs/reports.md, "Who sees what").
// GET /api/v1/key-accounts?month=, PUT/DELETE
// /api/v1/key-accounts/{id}/plans/{month}, GET /api/v1/clients/{id}/contacts.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, monthName, getLang, parseMoney } from '../i18n.js';
import { Load, PctBar, FormError, lead, moneyInput } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';
import { today } from './rank.js';

/* 12 months of payments as bars (the last one, the report's month, darker);
   the tooltip of each says the month and the sum. */
export function MonthBars({ history }) {
  const max = Math.max(1, ...history.map((m) => m.payments));
  const w = 8, gap = 2, h = 28;
  return html`<svg class="ka-bars" width=${12 * (w + gap)} height=${h} role="img"
    aria-label=${t('ka.hist.label')} viewBox=${`0 0 ${12 * (w + gap)} ${h}`}>
    ${history.map((m, i) => {
      const bh = m.payments > 0 ? Math.max(2, Math.round((m.payments / max) * (h - 2))) : 1;
      return html`<rect x=${i * (w + gap)} y=${h - bh} width=${w} height=${bh}
        fill=${i === history.length - 1 ? '#2f6bd8' : '#9db8ea'}><title>${m.month}: ${money(m.payments, true)}</title></rect>`;
    })}</svg>`;
}

/* The plan of one key account, editable by a lead: an input and a save. */
class PlanCell extends Component {
  constructor(p) {
    super(p);
    this.state = { v: moneyInput(p.row.plan), err: null, busy: false };
  }
  async save(e) {
    e.preventDefault();
    const { row, month, onSaved } = this.props;
    const s = this.state.v.trim();
    const path = `/api/v1/key-accounts/${row.client_id}/plans/${month}`;
    this.setState({ busy: true, err: null });
    try {
      if (s === '') { if (row.plan != null) await api.del(path); } else {
        const target = parseMoney(s);
        if (Number.isNaN(target)) throw Object.assign(new Error(t('ka.plan.bad')), { field: 'target' });
        await api.put(path, { target });
      }
      this.setState({ busy: false });
      onSaved();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ row, canEdit }, { v, err, busy }) {
    if (!canEdit) return html`<span class="ka-plan">${row.plan == null ? '—' : money(row.plan, true)}</span>`;
    return html`<form class="ka-plan-form" onSubmit=${(e) => this.save(e)} novalidate>
      <input name="target" inputmode="decimal" value=${v} size="10" aria-label=${t('ka.plan')}
        aria-invalid=${err ? 'true' : undefined} onInput=${(e) => this.setState({ v: e.target.value })} />
      <button class="btn btn-small" disabled=${busy}>${t('save')}</button>
      <${FormError} err=${err} /></form>`;
  }
}

class Contacts extends Component {
  constructor(p) { super(p); this.state = { items: null, err: null }; }
  async componentDidMount() {
    try { this.setState({ items: (await api.get(`/api/v1/clients/${this.props.id}/contacts`)).items }); } catch (err) { this.setState({ err }); }
  }
  render(_, { items, err }) {
    if (err) return html`<${FormError} err=${err} />`;
    if (!items) return html`<span class="muted">…</span>`;
    if (!items.length) return html`<span class="muted">${t('client.nocontacts')}</span>`;
    return html`<ul class="contacts ka-contacts">${items.map((p) => html`<li><strong>${p.name}</strong>${p.role ? html` <span class="badge">${p.role}</span>` : null}
      <span class="small">${p.phones.map((x) => html` <a href=${`tel:${x}`}>${x}</a>`)}${p.emails.map((x) => html` <a href=${`mailto:${x}`}>${x}</a>`)}</span></li>`)}</ul>`;
  }
}

export class KeyAccounts extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { month: q.get('month') || today().slice(0, 7), asOf: q.get('as_of') || '', open: {} };
  }
  set(patch) { this.setState(patch, () => setQuery({ month: this.state.month, as_of: this.state.asOf })); }
  render({ title, user }, { month, asOf, open }) {
    const args = asOf ? { month, as_of: asOf } : { month };
    const file = (f) => `/api/v1/key-accounts?${new URLSearchParams({ ...args, format: f, lang: getLang() === 'en' ? 'en' : 'ru' })}`;
    const canEdit = user && lead(user);
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('ka.month')} <input type="month" id="ka-month" value=${month} onChange=${(e) => e.target.value && this.set({ month: e.target.value })} /></label>
          <a class="btn btn-small" href=${file('xlsx')} download id="ka-xlsx">${t('export.xlsx')}</a>
          <a class="btn btn-small" href=${file('csv')} download id="ka-csv">${t('export.csv')}</a>
        </div></header>
      <${Load} deps=${month + asOf} fetch=${() => api.get('/api/v1/key-accounts', args)}
        isEmpty=${(r) => !r || !r.clients.length} emptyText=${t('ka.none')}>${(rep, reload) => html`
        <p class="subtitle" id="ka-total">${t('ka.total', { m: monthName(`${rep.month}-01`), plan: money(rep.plan, true), fact: money(rep.fact, true) })}</p>
        <section class="card"><div class="table-wrap"><table class="grid" id="ka-table">
          <thead><tr><th>${t('ka.client')}</th><th class="num">${t('ka.plan')}</th><th class="num">${t('ka.fact')}</th>
            <th>${t('ka.pct')}</th><th>${t('ka.hist')}</th><th></th></tr></thead>
          <tbody>${rep.clients.map((c) => html`<tr data-client=${c.client_id}>
            <th scope="row"><a href=${`/clients/${c.client_id}`}>${c.name}</a><div class="muted small">${c.owner || '—'}</div></th>
            <td class="num"><${PlanCell} key=${`${c.client_id}-${rep.month}-${c.plan}`} row=${c} month=${rep.month} canEdit=${canEdit} onSaved=${reload} /></td>
            <td class="num ka-fact">${money(c.fact, true)}</td>
            <td><${PctBar} value=${c.pct} pace=${c.pct == null ? 'none' : c.pct >= 1 ? 'good' : c.pct >= 0.9 ? 'warn' : 'bad'} /></td>
            <td><${MonthBars} history=${c.history} /></td>
            <td><button class="link-btn ka-contacts-btn" aria-expanded=${!!open[c.client_id]}
              onClick=${() => this.setState({ open: { ...open, [c.client_id]: !open[c.client_id] } })}>${t('client.contacts')}</button>
              ${open[c.client_id] ? html`<${Contacts} id=${c.client_id} />` : null}</td>
          </tr>`)}</tbody></table></div></section>`}<//>
    </div>`;
  }
}

/* The client card's block: the key account's plan-fact of this month. */
export function KeyAccountCard({ id }) {
  const month = today().slice(0, 7);
  return html`<${Load} deps=${id} fetch=${() => api.get('/api/v1/key-accounts', { month })}>${(rep) => {
    const c = rep.clients.find((x) => x.client_id === id);
    if (!c) return null;
    return html`<section class="card" id="client-ka"><h2>${t('ka.card', { m: monthName(`${rep.month}-01`) })}</h2>
      <dl class="fields"><div><dt>${t('ka.plan')}</dt><dd id="client-ka-plan">${c.plan == null ? '—' : money(c.plan, true)}</dd></div>
        <div><dt>${t('ka.fact')}</dt><dd id="client-ka-fact">${money(c.fact, true)}</dd></div></dl>
      <${PctBar} value=${c.pct} pace=${c.pct == null ? 'none' : c.pct >= 1 ? 'good' : c.pct >= 0.9 ? 'warn' : 'bad'} />
      <p class="muted small">${t('ka.hist')}</p><${MonthBars} history=${c.history} />
      <p class="small"><a href=${`/key-accounts?month=${rep.month}`}>${t('nav.keyaccounts')}</a></p></section>`;
  }}<//>`;
}
