// bonuses.js - «Мотивация» (issue 11, item 6; docs/bonuses.md): the month's
// payout of each manager with its breakdown line by line (a row opens its
// lines), the total, the payroll sheet as XLSX or CSV; the bonus schemes
// with their versions and users, and the form that writes a scheme (a
// scheme of the same name gets a new version from its month). A manager
// sees their own payout only (the server's rule). GET /api/v1/reports/bonus,
// /api/v1/bonus-schemes.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, pct, getLang, moneyDigits } from '../i18n.js';
import { Load, lead } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';
import { thisMonth } from './planfact.js';

/* The report's label language: the screen's. */
export const bonusLang = () => (getLang() === 'en' ? 'en' : 'ru');
/* A multiplier as a decimal of the screen's language ("1,2"). */
export const mult = (v) => (getLang() === 'en' ? String(v) : String(v).replace('.', ','));
/* A percentage typed by a person ("69,99") as the fraction the API takes,
   as text so that nothing is lost to binary floats ("0.6999"). */
export function fraction(text) {
  const x = Number(String(text).replace(',', '.').replace(/\s/g, ''));
  if (!Number.isFinite(x)) return String(text);
  return (x / 100).toFixed(8).replace(/0+$/, '').replace(/\.$/, '');
}

/* One payout: the row, and its lines when open. */
export function PayoutRows({ r, open, onToggle, link = true }) {
  return html`<tr class="bonus-row" data-email=${r.email}>
      <th scope="row"><button type="button" class="link bonus-toggle" aria-expanded=${open ? 'true' : 'false'}
        onClick=${onToggle}>${open ? '▾' : '▸'}</button>
        ${link ? html`<a href=${`/managers/${r.user_id}`}>${r.name}</a>` : r.name}</th>
      <td>${r.scheme}</td><td class="num">${money(r.fact)}</td><td class="num">${r.pct == null ? '—' : pct(r.pct)}</td>
      <td class="num">${mult(r.multiplier)}</td><td class="num bonus-payout">${money(r.payout)}</td></tr>
    ${open ? html`<tr class="bonus-lines"><td colspan="6"><ul class="plain">
      ${r.lines.map((l) => html`<li class="bonus-line"><span>${l.label}</span> <b class="num">${money(l.amount)}</b></li>`)}
    </ul></td></tr>` : null}`;
}

export function PayoutTable({ rows, open, onToggle, link }) {
  const total = rows.reduce((s, r) => s + r.payout, 0);
  return html`<div class="table-wrap"><table class="grid" id="bonus-rows">
    <thead><tr><th>${t('bonus.manager')}</th><th>${t('bonus.scheme')}</th><th class="num">${t('bonus.fact')}</th>
      <th class="num">${t('bonus.pct')}</th><th class="num">${t('bonus.multiplier')}</th><th class="num">${t('bonus.payout')}</th></tr></thead>
    <tbody>${rows.map((r) => html`<${PayoutRows} r=${r} open=${open.has(r.user_id)} link=${link}
      onToggle=${() => onToggle(r.user_id)} />`)}</tbody>
    ${rows.length > 1 ? html`<tfoot><tr class="total"><th scope="row" colspan="5">${t('bonus.total')}</th>
      <td class="num" id="bonus-total">${money(total)}</td></tr></tfoot>` : null}</table></div>`;
}

const METRIC_OPTS = ['payments', 'revenue'];
const KPI_OPTS = ['calls', 'meetings', 'leads', 'deals_won', 'revenue', 'payments', 'tasks_done'];

/* The form of a scheme: the contract's JSON from the fields. */
class SchemeForm extends Component {
  constructor(props) {
    super(props);
    this.state = {
      name: '', from: props.period, base: '', metric: 'payments', rate: '',
      tiers: [{ from: '0', mult: '0' }, { from: '70', mult: '1' }, { from: '100', mult: '1.2' }],
      kpi: { metric: 'calls', min: '100', bonus: '' }, users: new Set(), busy: false, error: null, done: false,
    };
  }
  async submit(e) {
    e.preventDefault();
    const s = this.state;
    const body = {
      name: s.name.trim(), from_month: s.from, base: s.base || '0',
      commission: { metric: s.metric, rate: fraction(s.rate || '0') },
      tiers: s.tiers.filter((x) => x.from !== '' && x.mult !== '').map((x) => ({ from: fraction(x.from), multiplier: x.mult.replace(',', '.') })),
      kpi: s.kpi.bonus ? [{ metric: s.kpi.metric, min_pct: fraction(s.kpi.min), bonus: s.kpi.bonus }] : [],
      users: [...s.users],
    };
    this.setState({ busy: true, error: null, done: false });
    try {
      await api.post('/api/v1/bonus-schemes', body);
      this.setState({ busy: false, done: true });
      this.props.onSaved();
    } catch (err) {
      this.setState({ busy: false, error: err });
    }
  }
  tier(i, k, v) {
    const tiers = this.state.tiers.map((x, j) => (j === i ? { ...x, [k]: v } : x));
    this.setState({ tiers });
  }
  render({ users }, s) {
    const inp = (k, attrs = {}) => html`<input id=${`bonus-${k}`} value=${s[k]} onInput=${(e) => this.setState({ [k]: e.target.value })} ...${attrs} />`;
    return html`<form class="form-grid" id="bonus-form" onSubmit=${(e) => this.submit(e)} novalidate>
      <label>${t('bonus.name')} ${inp('name', { required: true })}</label>
      <label>${t('bonus.frommonth')} <input id="bonus-from" type="month" value=${s.from} onInput=${(e) => this.setState({ from: e.target.value })} /></label>
      <label>${t('bonus.base')} ${inp('base', { inputmode: 'decimal' })}</label>
      <label>${t('bonus.metric')} <select id="bonus-metric" value=${s.metric} onChange=${(e) => this.setState({ metric: e.target.value })}>
        ${METRIC_OPTS.map((k) => html`<option value=${k}>${t(`m.${k}`)}</option>`)}</select></label>
      <label>${t('bonus.rate')} ${inp('rate', { inputmode: 'decimal' })}</label>
      <fieldset><legend>${t('bonus.tiers')}</legend>
        ${s.tiers.map((x, i) => html`<div class="row-inline">
          <label>${t('bonus.tierfrom')} <input class="tier-from" value=${x.from} inputmode="decimal" onInput=${(e) => this.tier(i, 'from', e.target.value)} /></label>
          <label>${t('bonus.multiplier')} <input class="tier-mult" value=${x.mult} inputmode="decimal" onInput=${(e) => this.tier(i, 'mult', e.target.value)} /></label></div>`)}
      </fieldset>
      <fieldset><legend>${t('bonus.kpi')}</legend><div class="row-inline">
        <label>${t('bonus.kpimetric')} <select id="bonus-kpi-metric" value=${s.kpi.metric} onChange=${(e) => this.setState({ kpi: { ...s.kpi, metric: e.target.value } })}>
          ${KPI_OPTS.map((k) => html`<option value=${k}>${t(`m.${k}`)}</option>`)}</select></label>
        <label>${t('bonus.kpimin')} <input id="bonus-kpi-min" value=${s.kpi.min} inputmode="decimal" onInput=${(e) => this.setState({ kpi: { ...s.kpi, min: e.target.value } })} /></label>
        <label>${t('bonus.kpibonus')} <input id="bonus-kpi-bonus" value=${s.kpi.bonus} inputmode="decimal" onInput=${(e) => this.setState({ kpi: { ...s.kpi, bonus: e.target.value } })} /></label></div>
      </fieldset>
      <fieldset id="bonus-users"><legend>${t('bonus.users')}</legend>
        ${users.filter((u) => u.active && u.email && (u.role === 'manager' || u.role === 'head')).map((u) => html`<label class="check">
          <input type="checkbox" value=${u.email} checked=${s.users.has(u.email)} onChange=${(e) => {
            const next = new Set(s.users);
            if (e.target.checked) next.add(u.email); else next.delete(u.email);
            this.setState({ users: next });
          }} /> ${u.name}</label>`)}</fieldset>
      ${s.error ? html`<div class="form-error" role="alert" id="bonus-form-error">${s.error.message}</div>` : null}
      ${s.done ? html`<p class="ok" role="status" id="bonus-form-ok">${t('bonus.saved')}</p>` : null}
      <button class="btn" type="submit" disabled=${s.busy} id="bonus-save">${t('bonus.save')}</button>
    </form>`;
  }
}

function Schemes({ items }) {
  if (!items.length) return html`<p class="muted">${t('bonus.noschemes')}</p>`;
  return html`<ul class="plain" id="bonus-schemes">${items.map((s) => html`<li class="bonus-scheme" data-name=${s.name}>
    <h3>${s.name}</h3>
    <ul class="plain">${s.versions.map((v) => html`<li class="bonus-version">${t('bonus.version', {
      m: v.from_month, base: money(Math.round(v.base * 10 ** moneyDigits())), rate: pct(v.commission.rate), metric: t(`m.${v.commission.metric}`) })}</li>`)}</ul>
    <p class="muted">${t('bonus.users')}: ${s.users.map((u) => u.name).join(', ') || '—'}</p></li>`)}</ul>`;
}

export class Bonuses extends Component {
  constructor(props) {
    super(props);
    this.state = { period: currentQuery().get('period') || thisMonth(), open: new Set(), gen: 0 };
  }
  set(patch) { this.setState(patch, () => setQuery({ period: this.state.period })); }
  toggle(id) {
    const open = new Set(this.state.open);
    if (open.has(id)) open.delete(id); else open.add(id);
    this.setState({ open });
  }
  render({ title, user }, { period, open, gen }) {
    const file = (f) => `/api/v1/reports/bonus?${new URLSearchParams({ period, format: f, lang: bonusLang() })}`;
    const reads = user.role !== 'manager';
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('period')} <input type="month" id="bonus-period" value=${period} onChange=${(e) => e.target.value && this.set({ period: e.target.value })} /></label>
          <a class="btn btn-small" href=${file('xlsx')} download id="bonus-xlsx">${t('export.xlsx')}</a>
          <a class="btn btn-small" href=${file('csv')} download id="bonus-csv">${t('export.csv')}</a>
        </div></header>
      <section class="card"><h2>${t('bonus.payouts')}</h2>
        <${Load} deps=${`${period}|${gen}|${bonusLang()}`} fetch=${() => api.get('/api/v1/reports/bonus', { period, lang: bonusLang() })}
          isEmpty=${(r) => !r || !r.rows.length} emptyText=${t('bonus.none')}>${(rep) => html`
          <${PayoutTable} rows=${rep.rows} open=${open} onToggle=${(id) => this.toggle(id)} link=${true} />`}<//></section>
      ${reads ? html`<section class="card"><h2>${t('bonus.schemes')}</h2>
        <${Load} deps=${gen} fetch=${() => api.get('/api/v1/bonus-schemes')}>${(s) => html`<${Schemes} items=${s.items} />`}<//></section>` : null}
      ${lead(user) ? html`<section class="card"><h2>${t('bonus.new')}</h2>
        <${Load} deps=${0} fetch=${() => api.get('/api/v1/users')}>${(u) => html`<${SchemeForm} period=${period}
          users=${u.items || []} onSaved=${() => this.setState({ gen: gen + 1 })} />`}<//></section>` : null}
    </div>`;
  }
}

/* My day's compact line (issue 11, item 6): «Премия за месяц: …», its
   breakdown on a click; nothing when the user has no scheme this month. */
export class MyBonus extends Component {
  constructor(props) { super(props); this.state = { open: false }; }
  render({ user }, { open }) {
    return html`<${Load} deps=${bonusLang()} fetch=${() => api.get('/api/v1/reports/bonus', { period: thisMonth(), lang: bonusLang() })}>${(rep) => {
      const me = user.user_id ?? user.id;
      const r = rep.rows.find((x) => x.user_id === me);
      if (!r) return null;
      return html`<div class="my-bonus" id="my-bonus">
        <button type="button" class="link" aria-expanded=${open ? 'true' : 'false'} id="my-bonus-btn"
          onClick=${() => this.setState({ open: !open })}>${t('bonus.month', { sum: money(r.payout) })}</button>
        ${open ? html`<ul class="plain">${r.lines.map((l) => html`<li class="bonus-line"><span>${l.label}</span> <b class="num">${money(l.amount)}</b></li>`)}</ul>` : null}
        <a href=${`/managers/${me}`}>${t('mgr.card')}</a></div>`;
    }}<//>`;
  }
}
