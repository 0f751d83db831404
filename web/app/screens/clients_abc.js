// clients_abc.js - «Клиенты: ABC/XYZ» (issue 12, items 1 and 3): the 3x3
// ABC x XYZ matrix as a colored grid whose cell lists its clients (names
// link to the client's card), the clients at risk with a button that makes
// a call task for the owner, and the churn by month as a chart. A manager
// gets their own clients: the server restricts (docs/reports.md, "Who sees
// what"). GET /api/v1/reports/abc-xyz and /at-risk, POST
// /api/v1/clients/{id}/risk-task.
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

export class ClientsAbc extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { asOf: q.get('as_of') || today(), cell: q.get('cell') || null };
  }
  set(patch) { this.setState(patch, () => setQuery({ as_of: this.state.asOf, cell: this.state.cell || '' })); }
  render({ title, user }, { asOf, cell }) {
    const file = (f) => `/api/v1/reports/abc-xyz?${new URLSearchParams({ as_of: asOf, format: f, lang: getLang() === 'en' ? 'en' : 'ru' })}`;
    const canTask = user && user.role !== 'viewer';
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('as_of')} <input type="date" id="abc-asof" value=${asOf} onChange=${(e) => e.target.value && this.set({ asOf: e.target.value })} /></label>
          <a class="btn btn-small" href=${file('xlsx')} download id="abc-xlsx">${t('export.xlsx')}</a>
          <a class="btn btn-small" href=${file('csv')} download id="abc-csv">${t('export.csv')}</a>
        </div></header>
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
              <td class="num">${num(m.churned)}</td><td class="num">${m.rate == null ? '—' : pct(m.rate)}</td></tr>`)}</tbody></table></div></section>`}<//>
    </div>`;
  }
}
