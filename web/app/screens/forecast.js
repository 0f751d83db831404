// forecast.js - «Прогноз» (issue 12, item 5): the month's revenue forecast
// P10 / P50 / P90 with the error the same forecast made on the last six
// months beside it, a fan chart (the fact by day so far, the P10-P90 band
// and the P50 line to the month's end, the revenue plan when there is
// one), the six backtest months, the stage probabilities, the forecast by
// manager and the open deals that make the month, each linking to its
// card. A manager sees their own deals only (the server decides).
// GET /api/v1/reports/forecast (docs/reports.md, "Forecast").
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, money, pct, date, fromMinor } from '../i18n.js';
import { Load, Chart, COLORS } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';
import { thisMonth, PF_URL } from './planfact.js';
import { today } from './rank.js';

const FC_URL = '/api/v1/reports/forecast';

/* "±12,3%", or a dash when no month had revenue to compare with. */
export const errorText = (mape) => (mape == null ? '—' : `±${pct(mape)}`);

/* The days of [from, to] as YYYY-MM-DD. */
function days(from, to) {
  const out = [];
  for (let d = new Date(`${from}T12:00:00Z`); ; d.setUTCDate(d.getUTCDate() + 1)) {
    const s = d.toISOString().slice(0, 10);
    out.push(s);
    if (s >= to) break;
  }
  return out;
}

function fanOption(rep, plan) {
  const all = days(rep.from, rep.to);
  const facts = rep.fact_by_day || [];
  const k = facts.length; // the fact runs over the first k days
  const start = k ? facts[k - 1].fact : rep.fact;
  const from = Math.max(k - 1, 0), n = all.length - 1 - from;
  // the band from the fact's last day (or the month's start) to the end
  const at = (i, v) => (i < from ? null : fromMinor(start + (v - start) * (n > 0 ? (i - from) / n : 1)));
  const lo = all.map((_, i) => at(i, rep.p10));
  const width = all.map((_, i) => (i < from ? null : at(i, rep.p90) - at(i, rep.p10)));
  const series = [
    { name: 'P10', type: 'line', stack: 'band', data: lo, symbol: 'none', lineStyle: { opacity: 0 } },
    { name: 'P10–P90', type: 'line', stack: 'band', data: width, symbol: 'none', lineStyle: { opacity: 0 },
      itemStyle: { color: COLORS[0] }, areaStyle: { color: COLORS[0], opacity: 0.18 } },
    { name: 'P50', type: 'line', data: all.map((_, i) => at(i, rep.p50)), symbol: 'none',
      itemStyle: { color: COLORS[0] }, lineStyle: { type: 'dashed', color: COLORS[0] } },
    { name: t('fc.fact'), type: 'line', data: facts.map((x) => fromMinor(x.fact)), symbol: 'none',
      itemStyle: { color: COLORS[1] }, lineStyle: { width: 3, color: COLORS[1] } },
  ];
  if (plan != null) {
    series.push({ name: t('fc.plan'), type: 'line', data: all.map((_, i) => fromMinor(plan * (i + 1) / all.length)),
      symbol: 'none', itemStyle: { color: COLORS[6] }, lineStyle: { color: COLORS[6], type: 'dotted' } });
  }
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, data: [t('fc.fact'), 'P50', 'P10–P90'].concat(plan != null ? [t('fc.plan')] : []) },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: all.map((d) => d.slice(8)), boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => num(v / 1e6, 1) + ' ' + t('fc.mln') } },
    series,
  };
}

async function load(period) {
  const [rep, pf] = await Promise.all([
    api.get(FC_URL, { period, as_of: today(), by: 'user', list: 1 }),
    api.get(PF_URL, { period, as_of: today() }).catch(() => null),
  ]);
  const org = pf && pf.rows && pf.rows.find((r) => r.scope === 'org');
  const c = org && org.metrics && org.metrics.revenue;
  return { rep, plan: c && c.plan != null && c.plan > 0 ? c.plan : null };
}

export class Forecast extends Component {
  constructor(props) {
    super(props);
    this.state = { period: currentQuery().get('period') || thisMonth() };
  }
  set(patch) { this.setState(patch, () => setQuery({ period: this.state.period })); }
  render({ title }, { period }) {
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('period')} <input type="month" id="fc-period" value=${period} onChange=${(e) => e.target.value && this.set({ period: e.target.value })} /></label>
        </div></header>
      <${Load} deps=${period} fetch=${() => load(period)}>${({ rep, plan }) => html`
        <p class="subtitle">${t('fc.period', { f: date(rep.from), t: date(rep.to) })}</p>
        <section class="card" id="fc-figures">
          <p class="fc-main"><strong>${t('fc.p50')}: <span id="fc-p50">${money(rep.p50, true)}</span></strong> · <span id="fc-error">${t('fc.error', { e: errorText(rep.backtest.mape) })}</span></p>
          <p>${t('fc.range')}: <span id="fc-p10">${money(rep.p10, true)}</span> — <span id="fc-p90">${money(rep.p90, true)}</span></p>
          <p>${t('fc.fact')}: <span id="fc-fact">${money(rep.fact, true)}</span> · ${t('fc.weighted')}: <span id="fc-weighted">${money(rep.weighted_pipeline, true)}</span> · ${t('fc.open')}: <span id="fc-open">${num(rep.open_deals)}</span>
            ${plan != null ? html` · ${t('fc.plan')}: <span id="fc-plan">${money(plan, true)}</span>` : ''}</p>
          <${Chart} option=${fanOption(rep, plan)} height=${300} label=${t('fc.chart')} />
        </section>
        <section class="card"><h2>${t('fc.backtest')}</h2>
          <div class="table-wrap"><table class="grid" id="fc-backtest">
            <thead><tr><th>${t('fc.month')}</th><th class="num">${t('fc.forecast')}</th><th class="num">${t('fc.actual')}</th><th class="num">${t('fc.ape')}</th></tr></thead>
            <tbody>${rep.backtest.months.map((m) => html`<tr><th scope="row">${date(m.as_of, { month: 'long', year: 'numeric' })}</th>
              <td class="num">${money(m.forecast, true)}</td><td class="num">${money(m.actual, true)}</td>
              <td class="num">${m.ape == null ? '—' : pct(m.ape)}</td></tr>`)}</tbody></table></div></section>
        <section class="card"><h2>${t('fc.stages')}</h2>
          <div class="table-wrap"><table class="grid" id="fc-stages">
            <thead><tr><th>${t('fc.stage')}</th><th class="num">${t('fc.prob')}</th></tr></thead>
            <tbody>${Object.entries(rep.stage_probability).map(([s, p]) => html`<tr><th scope="row">${s}</th>
              <td class="num">${p == null ? '—' : pct(p)}</td></tr>`)}</tbody></table></div></section>
        <section class="card"><h2>${t('fc.byuser')}</h2>
          <div class="table-wrap"><table class="grid" id="fc-users">
            <thead><tr><th>${t('fc.user')}</th><th class="num">${t('fc.open')}</th><th class="num">${t('fc.fact')}</th>
              <th class="num">P10</th><th class="num">P50</th><th class="num">P90</th><th class="num">${t('fc.err')}</th></tr></thead>
            <tbody>${(rep.rows || []).map((r) => html`<tr><th scope="row">${r.name}</th><td class="num">${num(r.open_deals)}</td>
              <td class="num">${money(r.fact, true)}</td><td class="num">${money(r.p10, true)}</td><td class="num">${money(r.p50, true)}</td>
              <td class="num">${money(r.p90, true)}</td><td class="num">${errorText(r.backtest.mape)}</td></tr>`)}</tbody></table></div></section>
        <section class="card"><h2>${t('fc.deals')}</h2>
          <p class="subtitle">${t('fc.dealsof', { n: num((rep.deals || []).length), total: num(rep.deals_total || 0) })}</p>
          <div class="table-wrap"><table class="grid" id="fc-deals">
            <thead><tr><th>${t('fc.deal')}</th><th>${t('fc.user')}</th><th>${t('fc.stage')}</th><th class="num">${t('fc.amount')}</th>
              <th class="num">${t('fc.prob')}</th><th>${t('fc.close')}</th></tr></thead>
            <tbody>${(rep.deals || []).slice(0, 100).map((d) => html`<tr>
              <td><a href=${`/deals/${d.deal_id}`} data-deal=${d.deal_id}>${d.title || d.id}</a></td><td>${d.owner || '—'}</td>
              <td>${d.stage || '—'}</td><td class="num">${d.amount == null ? '—' : money(d.amount, true)}</td>
              <td class="num">${pct(d.probability)}</td><td>${d.expected_close ? date(d.expected_close) : '—'}</td></tr>`)}</tbody></table></div></section>`}<//>
    </div>`;
  }
}
