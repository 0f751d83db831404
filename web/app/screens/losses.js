// losses.js - why the department loses deals: the deals lost in the month
// by loss reason (count, share, money), by manager and by the stage they
// were lost at, each with its main reason; the sheet as CSV or XLSX.
// GET /api/v1/reports/losses (docs/reports.md, "Loss reasons").
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, money, pct, date, getLang } from '../i18n.js';
import { Load, Chart, COLORS } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';
import { thisMonth } from './planfact.js';

const reason = (r) => r ?? t('losses.noreason');

function chartOption(rep) {
  const rs = rep.reasons;
  return {
    animation: false,
    grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, data: rs.map((r) => reason(r.reason)),
      axisLine: { show: false }, axisTick: { show: false }, axisLabel: { color: '#4a5568' } },
    series: [{ type: 'bar', barWidth: '62%', itemStyle: { color: COLORS[4], borderRadius: 3 },
      label: { show: true, position: 'right', color: '#1d2533', formatter: (p) => `${num(p.value)} · ${pct(rs[p.dataIndex].share, 0)}` },
      data: rs.map((r) => r.count) }],
  };
}

/* A breakdown (managers or stages): deals, money, the main reason. */
function Rows({ id, head, rows, name }) {
  return html`<div class="table-wrap"><table class="grid" id=${id}>
    <thead><tr><th>${head}</th><th class="num">${t('losses.count')}</th><th class="num">${t('losses.amount')}</th>
      <th>${t('losses.top')}</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><th scope="row">${name(r)}</th><td class="num">${num(r.count)}</td>
      <td class="num">${money(r.amount, true)}</td><td>${reason(r.top_reason)}</td></tr>`)}</tbody></table></div>`;
}

export class Losses extends Component {
  constructor(props) {
    super(props);
    this.state = { period: currentQuery().get('period') || thisMonth() };
  }
  set(patch) { this.setState(patch, () => setQuery({ period: this.state.period })); }
  render({ title }, { period }) {
    const file = (f) => `/api/v1/reports/losses?${new URLSearchParams({ period, format: f, lang: getLang() === 'en' ? 'en' : 'ru' })}`;
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('period')} <input type="month" value=${period} onChange=${(e) => e.target.value && this.set({ period: e.target.value })} /></label>
          <a class="btn btn-small" href=${file('xlsx')} download id="losses-xlsx">${t('export.xlsx')}</a>
          <a class="btn btn-small" href=${file('csv')} download id="losses-csv">${t('export.csv')}</a>
        </div></header>
      <${Load} deps=${period} fetch=${() => api.get('/api/v1/reports/losses', { period })}
        isEmpty=${(r) => !r || !r.total || !r.total.count}>${(rep) => html`
        <p class="subtitle">${t('losses.period', { f: date(rep.from), t: date(rep.to) })}</p>
        <section class="card">
          <p id="losses-total">${t('losses.total', { n: rep.total.count, sum: money(rep.total.amount, true), k: num(rep.total.with_amount) })}</p>
          <${Chart} option=${chartOption(rep)} height=${Math.max(160, 40 * rep.reasons.length)} label=${title} />
          <div class="table-wrap"><table class="grid" id="losses-reasons">
            <thead><tr><th>${t('losses.reason')}</th><th class="num">${t('losses.count')}</th><th class="num">${t('losses.share')}</th>
              <th class="num">${t('losses.amount')}</th><th class="num">${t('losses.amountshare')}</th></tr></thead>
            <tbody>${rep.reasons.map((r) => html`<tr><th scope="row">${reason(r.reason)}</th><td class="num">${num(r.count)}</td>
              <td class="num">${pct(r.share)}</td><td class="num">${money(r.amount, true)}</td><td class="num">${pct(r.amount_share)}</td></tr>`)}</tbody>
          </table></div></section>
        <section class="card"><h2>${t('losses.byuser')}</h2>
          <${Rows} id="losses-users" head=${t('losses.user')} rows=${rep.by_user} name=${(r) => r.user} /></section>
        <section class="card"><h2>${t('losses.bystage')}</h2>
          <${Rows} id="losses-stages" head=${t('losses.stage')} rows=${rep.by_stage}
            name=${(r) => (r.stage == null ? t('losses.nostage') : r.pipeline && rep.by_stage.some((x) => x.pipeline !== r.pipeline) ? `${r.pipeline} / ${r.stage}` : r.stage)} /></section>`}<//>
    </div>`;
  }
}
