// clients_abc.js - «Клиенты: ABC/XYZ» (issue 12, items 1 and 3): the 3x3
// ABC x XYZ matrix as a colored grid whose cell lists its clients (names
// link to the client's card), the clients at risk with a button that makes
// a call task for the owner, and the churn by month as a chart. A manager
// gets their own clients: the server restricts (docs/reports.md, "Who sees
// what"). GET /api/v1/reports/abc-xyz and /at-risk, POST
// /api/v1/clients/{id}/risk-task. The tab «Товары» (issue 12, item 1) is
// the ABC of products: the A/B/C summary, a Pareto chart (revenue bars and
// the cumulative share line) and the table (GET /api/v1/reports/abc-xyz?of=products).
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, money, pct, date, dateTime, getLang } from '../i18n.js';
import { Load, Chart, COLORS, FormError } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';
import { today } from './rank.js';

const ABC = ['A', 'B', 'C'];
const XYZ = ['X', 'Y', 'Z'];

/* A cell's color: its share of the revenue, from white to the palette's blue. */
function cellStyle(rev, total) {
  const a = total > 0 ? Math.min(1, rev / total) : 0;
  const alpha = rev > 0 ? 0.12 + 0.78 * Math.sqrt(a) : 0;
  return `background: rgba(47, 107, 216, ${alpha.toFixed(3)}); color: ${alpha > 0.55 ? '#fff' : '#1d2533'}`;
}

function Matrix({ rep, cell, onPick }) {
  return html`<div class="table-wrap"><table class="grid abc-matrix" id="abc-matrix">
    <thead><tr><th>${t('abc.class')}</th>${XYZ.map((x) => html`<th class="num">${x}</th>`)}</tr></thead>
    <tbody>${ABC.map((a) => html`<tr><th scope="row">${a}</th>${XYZ.map((x) => {
      const c = rep.matrix[a + x];
      return html`<td class="num abc-cell${cell === a + x ? ' active' : ''}" style=${cellStyle(c.revenue, rep.total)}>
        <button class="abc-pick" id=${`abc-${a}${x}`} aria-pressed=${cell === a + x} onClick=${() => onPick(a + x)}>
          <span class="abc-n">${num(c.clients)}</span><span class="abc-rev">${money(c.revenue, true)}</span></button></td>`;
    })}</tr>`)}</tbody></table></div>`;
}

function ClientRows({ id, rows }) {
  return html`<div class="table-wrap"><table class="grid" id=${id}>
    <thead><tr><th>${t('abc.client')}</th><th class="num">${t('abc.revenue')}</th><th class="num">${t('abc.share')}</th>
      <th class="num">${t('abc.cum')}</th><th>ABC</th><th>XYZ</th><th class="num">${t('abc.cv')}</th></tr></thead>
    <tbody>${rows.map((c) => html`<tr><th scope="row"><a href=${`/clients/${c.client_id}`}>${c.name}</a></th>
      <td class="num">${money(c.revenue, true)}</td><td class="num">${c.share == null ? '—' : pct(c.share)}</td>
      <td class="num">${c.cum_share == null ? '—' : pct(c.cum_share)}</td><td>${c.abc || '—'}</td><td>${c.xyz || '—'}</td>
      <td class="num">${c.cv == null ? '—' : pct(c.cv)}</td></tr>`)}</tbody></table></div>`;
}

function churnOption(rep) {
  const ms = rep.churn;
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : pct(v)) },
    xAxis: { type: 'category', data: ms.map((m) => m.month), axisLabel: { color: '#4a5568' } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => pct(v, 0), color: '#4a5568' } },
    series: [{ type: 'line', name: t('abc.churn'), data: ms.map((m) => m.rate), itemStyle: { color: COLORS[4] },
      connectNulls: false, symbolSize: 6 }],
  };
}

/* issue 12, item 2: who changed ABC class between the last two month ends,
   the downgrades first (the server's order). */
function Moved({ rep }) {
  const moved = rep.moved || [];
  const months = rep.history ? rep.history.months : [];
  const down = (m) => (m.to ? m.to.charCodeAt(0) : 68) > (m.from ? m.from.charCodeAt(0) : 68);
  return html`<section class="card" id="abc-moved"><h2>${t('abc.moved')}</h2>
    <p class="muted">${t('abc.moved.hint', { a: months[10] || '', b: months[11] || '' })}</p>
    ${moved.length ? html`<div class="table-wrap"><table class="grid" id="abc-moved-table">
      <thead><tr><th>${t('abc.client')}</th><th>${t('abc.moved.from')}</th><th>${t('abc.moved.to')}</th></tr></thead>
      <tbody>${moved.slice(0, 100).map((m) => html`<tr class=${down(m) ? 'moved-down' : 'moved-up'}>
        <th scope="row"><a href=${`/clients/${m.client_id}`}>${m.name}</a></th>
        <td>${m.from || t('abc.moved.none')}</td>
        <td><span class=${`badge ${down(m) ? 'badge-bad' : 'badge-good'}`}>${m.to || t('abc.moved.none')}</span></td></tr>`)}</tbody></table></div>
      ${moved.length > 100 ? html`<p class="muted">${t('abc.more', { n: moved.length - 100 })}</p>` : null}`
      : html`<p class="muted" id="abc-moved-none">${t('abc.moved.nobody')}</p>`}</section>`;
}

class AtRisk extends Component {
  constructor(props) {
    super(props);
    this.state = { made: {}, err: null };
  }
  async task(c) {
    this.setState({ err: null });
    try {
      const task = await api.post(`/api/v1/clients/${c.client_id}/risk-task`, {});
      this.setState({ made: { ...this.state.made, [c.client_id]: task } });
    } catch (err) {
      this.setState({ err });
    }
  }
  render({ rep, canTask }, { made, err }) {
    if (!rep.clients.length) return html`<p class="muted" id="risk-none">${t('abc.risk.none')}</p>`;
    return html`<${FormError} err=${err} />
      <div class="table-wrap"><table class="grid" id="risk-table">
      <thead><tr><th>${t('abc.client')}</th><th>${t('abc.owner')}</th><th>${t('abc.lastpaid')}</th>
        <th class="num">${t('abc.rev12')}</th>${canTask ? html`<th></th>` : null}</tr></thead>
      <tbody>${rep.clients.map((c) => html`<tr><th scope="row"><a href=${`/clients/${c.client_id}`}>${c.name}</a></th>
        <td>${c.owner_email || '—'}</td><td>${date(c.last_paid_at.slice(0, 10))}</td><td class="num">${money(c.revenue_12m, true)}</td>
        ${canTask ? html`<td>${made[c.client_id]
          ? html`<span class="ok risk-made">${t('abc.risk.made', { d: dateTime(made[c.client_id].due_at) })}</span>`
          : html`<button class="btn btn-small risk-task" onClick=${() => this.task(c)}>${t('abc.risk.task')}</button>`}</td>` : null}
      </tr>`)}</tbody></table></div>`;
  }
}

/* The Pareto chart of the products: revenue bars (the first 50) and the
   cumulative share line on its own axis. */
function paretoOption(rep) {
  const rows = rep.products.slice(0, 50);
  const color = { A: COLORS[0], B: COLORS[2], C: COLORS[4] };
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    xAxis: { type: 'category', data: rows.map((p) => p.name || `#${p.product_id}`),
      axisLabel: { rotate: 45, fontSize: 10, color: '#4a5568', width: 80, overflow: 'truncate' } },
    yAxis: [
      { type: 'value', axisLabel: { formatter: (v) => money(v, true), color: '#4a5568', fontSize: 10 } },
      { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => pct(v, 0), color: '#4a5568', fontSize: 10 } },
    ],
    series: [
      { type: 'bar', name: t('abcp.revenue'), data: rows.map((p) => ({ value: p.revenue, itemStyle: { color: color[p.abc] } })),
        tooltip: { valueFormatter: (v) => money(v, true) } },
      { type: 'line', name: t('abc.cum'), yAxisIndex: 1, data: rows.map((p) => p.cum_share), symbolSize: 5,
        itemStyle: { color: COLORS[1] }, tooltip: { valueFormatter: (v) => pct(v) } },
    ],
  };
}

function Products({ asOf }) {
  return html`<${Load} deps=${asOf} fetch=${() => api.get('/api/v1/reports/abc-xyz', { as_of: asOf, of: 'products' })}
    isEmpty=${(r) => !r || !r.products.length}>${(rep) => html`
    <p class="subtitle" id="abcp-period">${t('abcp.period', { f: date(rep.from), t: date(rep.to), total: money(rep.total, true), un: money(rep.unassigned, true) })}</p>
    <section class="card"><h2>${t('abcp.classes')}</h2>
      <p class="muted">${t('abcp.hint')}</p>
      <div class="table-wrap"><table class="grid" id="abcp-classes">
        <thead><tr><th>${t('abc.class')}</th><th class="num">${t('abcp.products')}</th><th class="num">${t('abcp.revenue')}</th></tr></thead>
        <tbody>${ABC.map((a) => html`<tr id=${`abcp-class-${a}`}><th scope="row">${a}</th>
          <td class="num">${num(rep.classes[a].products)}</td><td class="num">${money(rep.classes[a].revenue, true)}</td></tr>`)}</tbody></table></div></section>
    <section class="card" id="abcp-pareto"><h2>${t('abcp.pareto')}</h2>
      <${Chart} option=${paretoOption(rep)} height=${300} label=${t('abcp.pareto')} /></section>
    <section class="card"><h2>${t('abcp.all')}</h2>
      <div class="table-wrap"><table class="grid" id="abcp-table">
        <thead><tr><th>${t('abcp.product')}</th><th class="num">${t('abcp.revenue')}</th><th class="num">${t('abc.share')}</th>
          <th class="num">${t('abc.cum')}</th><th>ABC</th><th class="num">${t('abcp.deals')}</th><th class="num">${t('abcp.qty')}</th></tr></thead>
        <tbody>${rep.products.slice(0, 200).map((p) => html`<tr><th scope="row">${p.name || `#${p.product_id}`}</th>
          <td class="num">${money(p.revenue, true)}</td><td class="num">${pct(p.share)}</td><td class="num">${pct(p.cum_share)}</td>
          <td>${p.abc}</td><td class="num">${num(p.deals_won)}</td><td class="num">${num(p.quantity)}</td></tr>`)}</tbody></table></div>
      ${rep.products.length > 200 ? html`<p class="muted">${t('abc.more', { n: rep.products.length - 200 })}</p>` : null}</section>`}<//>`;
}

export class ClientsAbc extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { asOf: q.get('as_of') || today(), cell: q.get('cell') || null,
      tab: q.get('tab') === 'products' ? 'products' : 'clients' };
  }
  set(patch) {
    this.setState(patch, () => setQuery({ as_of: this.state.asOf, cell: this.state.cell || '',
      tab: this.state.tab === 'products' ? 'products' : '' }));
  }
  render({ title, user }, { asOf, cell, tab }) {
    const products = tab === 'products';
    const file = (f) => `/api/v1/reports/abc-xyz?${new URLSearchParams({ as_of: asOf, format: f, lang: getLang() === 'en' ? 'en' : 'ru',
      ...(products ? { of: 'products' } : {}) })}`;
    const canTask = user && user.role !== 'viewer';
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('as_of')} <input type="date" id="abc-asof" value=${asOf} onChange=${(e) => e.target.value && this.set({ asOf: e.target.value })} /></label>
          <a class="btn btn-small" href=${file('xlsx')} download id="abc-xlsx">${t('export.xlsx')}</a>
          <a class="btn btn-small" href=${file('csv')} download id="abc-csv">${t('export.csv')}</a>
        </div></header>
      <div class="tabs" role="tablist" id="abc-tabs">${['clients', 'products'].map((k) => html`<button role="tab" id=${`abc-tab-${k}`}
        aria-selected=${tab === k} class=${`tab${tab === k ? ' active' : ''}`} onClick=${() => this.set({ tab: k })}>${t(`abc.tab.${k}`)}</button>`)}</div>
      ${products ? html`<${Products} asOf=${asOf} />` : html`
      <${Load} deps=${asOf} fetch=${() => api.get('/api/v1/reports/abc-xyz', { as_of: asOf, history: 1 })}
        isEmpty=${(r) => !r || !r.clients.length}>${(rep) => {
          const inCell = cell ? rep.clients.filter((c) => c.abc && c.xyz && c.abc + c.xyz === cell) : [];
          return html`
        <p class="subtitle" id="abc-period">${t('abc.period', { f: date(rep.from), t: date(rep.to), basis: t(`abc.basis.${rep.basis}`), total: money(rep.total, true) })}</p>
        <section class="card"><h2>${t('abc.matrix')}</h2>
          <p class="muted">${t('abc.matrix.hint')}</p>
          <${Matrix} rep=${rep} cell=${cell} onPick=${(k) => this.set({ cell: cell === k ? null : k })} />
          ${cell ? html`<h3 id="abc-cell-title">${t('abc.cell', { c: cell, n: inCell.length })}</h3>
            <${ClientRows} id="abc-cell-clients" rows=${inCell} />` : null}</section>
        <${Moved} rep=${rep} />
        <section class="card"><h2>${t('abc.all')}</h2>
          <${ClientRows} id="abc-clients" rows=${rep.clients.slice(0, 200)} />
          ${rep.clients.length > 200 ? html`<p class="muted">${t('abc.more', { n: rep.clients.length - 200 })}</p>` : null}</section>`;
        }}<//>
      <${Load} deps=${asOf} fetch=${() => api.get('/api/v1/reports/at-risk', { as_of: asOf })}>${(rep) => html`
        <section class="card" id="risk"><h2>${t('abc.risk')}</h2>
          <p class="muted">${t('abc.risk.hint', { n: rep.days })}</p>
          <${AtRisk} rep=${rep} canTask=${canTask} /></section>
        <section class="card"><h2>${t('abc.churn')}</h2>
          <p class="muted">${t('abc.churn.hint', { n: rep.days })}</p>
          <${Chart} option=${churnOption(rep)} height=${240} label=${t('abc.churn')} />
          <div class="table-wrap"><table class="grid" id="churn-table">
            <thead><tr><th>${t('abc.month')}</th><th class="num">${t('abc.base')}</th><th class="num">${t('abc.churned')}</th><th class="num">${t('abc.churn')}</th></tr></thead>
            <tbody>${rep.churn.map((m) => html`<tr><th scope="row">${m.month}</th><td class="num">${num(m.base)}</td>
              <td class="num">${num(m.churned)}</td><td class="num">${m.rate == null ? '—' : pct(m.rate)}</td></tr>`)}</tbody></table></div></section>`}<//>`}
    </div>`;
  }
}
