// planfact.js - the head's plan-fact: the department's metrics for the
// chosen month, the managers side by side on one metric, pct bars colored
// by pace, the run-rate forecast, and the department's cumulative revenue
// day by day against the plan line. GET /api/v1/reports/plan-fact.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, metricValue, num, money, date, monthName, getLang, asOfDate, fromMinor } from '../i18n.js';
import { Load, PctBar, pace, Chart, COLORS } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

export const PF_URL = '/api/v1/reports/plan-fact';
const METRICS = ['leads', 'calls', 'call_minutes', 'meetings', 'deals_won', 'revenue', 'payments',
  'avg_check', 'conversion', 'tasks_done', 'tasks_done_on_time', 'tasks_overdue'];
const ADDITIVE = new Set(['leads', 'calls', 'call_minutes', 'meetings', 'deals_won', 'revenue',
  'payments', 'tasks_done', 'tasks_done_on_time']);
const KPIS = ['revenue', 'payments', 'deals_won', 'leads', 'meetings', 'calls'];

export function thisMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

function paceOf(key, c, rep) {
  if (!c) return 'none';
  if (!ADDITIVE.has(key)) return pace(c.fact, c.plan, 1, 1, key === 'tasks_overdue');
  return pace(c.fact, c.plan, rep.elapsed_wd, rep.total_wd);
}
const due = (key, rep) => (ADDITIVE.has(key) && rep.total_wd ? rep.elapsed_wd / rep.total_wd : null);

function Kpi({ k, c, rep }) {
  const p = paceOf(k, c, rep);
  return html`<div class="kpi" data-metric=${k}>
    <div class="kpi-label">${t(`m.${k}`)}</div>
    <div class="kpi-value num">${metricValue(k, c.fact)}</div>
    <div class="kpi-sub"><span class="muted">${t('plan')}</span> <span class="num">${metricValue(k, c.plan)}</span></div>
    <${PctBar} value=${c.pct} pace=${p} due=${due(k, rep)} />
    <div class="kpi-sub"><span class="muted">${t('forecast')}</span>
      <span class=${`num ${c.forecast != null && c.plan ? (c.forecast >= c.plan ? 'txt-good' : 'txt-bad') : ''}`}>${metricValue(k, c.forecast)}</span></div>
  </div>`;
}

function Cells({ k, c, rep }) {
  return html`
    <td class="num">${metricValue(k, c.plan)}</td>
    <td class="num strong">${metricValue(k, c.fact)}</td>
    <td class="bar-cell"><${PctBar} value=${c.pct} pace=${paceOf(k, c, rep)} due=${due(k, rep)} /></td>
    <td class=${`num ${c.forecast != null && c.plan ? (c.forecast >= c.plan ? 'txt-good' : 'txt-bad') : ''}`}>${metricValue(k, c.forecast)}</td>
    <td class="num">${metricValue(k, c.gap)}</td>
    <td class="num">${metricValue(k, c.per_day_needed)}</td>`;
}

const HEAD = () => html`<th class="num">${t('plan')}</th><th class="num">${t('fact')}</th>
  <th>${t('pct')}</th><th class="num">${t('forecast')}</th><th class="num">${t('gap')}</th>
  <th class="num">${t('per_day')}</th>`;

/* Days of [from, to] up to the as-of date, as YYYY-MM-DD. */
function daysOf(from, to, asOf) {
  const out = [];
  let last = asOf ? asOf.slice(0, 10) : to;
  if (asOf && /T00:00:00/.test(asOf)) {
    const d = new Date(`${last}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    last = d.toISOString().slice(0, 10);
  }
  const end = last < to ? last : to;
  for (let d = new Date(`${from}T12:00:00Z`); ; d.setUTCDate(d.getUTCDate() + 1)) {
    const s = d.toISOString().slice(0, 10);
    if (s > end) break;
    out.push(s);
  }
  return out;
}

/* The cumulative department revenue: one plan-fact per day from the
   month's first day (a few at a time). */
async function cumulative(rep) {
  const days = daysOf(rep.from, rep.to, rep.as_of);
  const all = daysOf(rep.from, rep.to, null);
  const out = new Array(days.length);
  const planOut = new Array(all.length);
  let i = 0;
  async function worker() {
    while (i < all.length) {
      const j = i++;
      const r = await api.get(PF_URL, { from: rep.from, to: all[j], metric: 'revenue' });
      const c = r.rows[0].metrics.revenue;
      planOut[j] = c.plan;
      if (j < days.length) out[j] = c.fact;
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { days: all, fact: out, plan: planOut };
}

class CumChart extends Component {
  render({ rep }) {
    return html`<${Load} deps=${rep.from + rep.to + rep.as_of} fetch=${() => cumulative(rep)}>${(s) => {
      const labels = s.days.map((d) => date(d, { day: 'numeric', month: 'short' }));
      const option = {
        animation: false,
        color: [COLORS[0], COLORS[6]],
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0, left: 0, itemWidth: 16, textStyle: { color: '#4a5568' } },
        tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : money(v, true)) },
        xAxis: { type: 'category', data: labels, boundaryGap: false,
          axisLine: { lineStyle: { color: '#cbd2dc' } }, axisLabel: { color: '#6b7687' } },
        yAxis: { type: 'value', splitLine: { lineStyle: { color: '#edf0f4' } },
          axisLabel: { color: '#6b7687', formatter: (v) => num(fromMinor(v) / 1e6, 1) + (getLang() === 'en' ? 'M' : ' млн') } },
        series: [
          { name: t('pf.chart.fact'), type: 'line', data: s.fact, symbol: 'circle', symbolSize: 5,
            lineStyle: { width: 3 }, areaStyle: { opacity: 0.08 } },
          { name: t('pf.chart.plan'), type: 'line', data: s.plan, symbol: 'none',
            lineStyle: { width: 2, type: 'dashed' } },
        ],
      };
      return html`<${Chart} option=${option} height=${300} label=${t('pf.chart')} />`;
    }}<//>`;
  }
}

export class PlanFact extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { period: q.get('period') || thisMonth(), metric: q.get('metric') || 'revenue' };
  }
  set(patch) {
    this.setState(patch, () => setQuery({ period: this.state.period, metric: this.state.metric }));
  }
  render({ title }, { period, metric }) {
    return html`<div class="page">
      <header class="page-head">
        <h1>${title}</h1>
        <div class="filters">
          <label>${t('period')} <input type="month" value=${period} required
            onChange=${(e) => e.target.value && this.set({ period: e.target.value })} /></label>
        </div>
      </header>
      <${Load} deps=${period} fetch=${() => api.get(PF_URL, { period, by: 'user' })}
        isEmpty=${(r) => !r || !r.rows || !r.rows.length}>${(rep) => {
        const org = rep.rows[0];
        const users = rep.rows.slice(1);
        return html`
          <p class="subtitle">${monthName(rep.from)} · ${t('pf.wd', { e: rep.elapsed_wd, t: rep.total_wd })} · ${t('as_of')} ${asOfDate(rep.as_of)}</p>
          <section class="kpis">${KPIS.map((k) => html`<${Kpi} k=${k} c=${org.metrics[k]} rep=${rep} />`)}</section>
          <section class="card">
            <h2>${t('pf.chart')}</h2>
            <${CumChart} rep=${rep} />
          </section>
          <section class="card">
            <div class="card-head"><h2>${t('pf.byuser')}</h2>
              <label>${t('pf.metric')} <select value=${metric} onChange=${(e) => this.set({ metric: e.target.value })}>
                ${METRICS.map((k) => html`<option value=${k}>${t(`m.${k}`)}</option>`)}</select></label></div>
            <div class="table-wrap"><table class="grid" id="pf-users">
              <thead><tr><th>${t('manager')}</th>${HEAD()}</tr></thead>
              <tbody>${users.map((u) => html`<tr data-email=${u.email}>
                <th scope="row">${u.email ? html`<a href=${`/managers/${encodeURIComponent(u.email)}`}>${u.name}</a>` : u.name}</th>
                <${Cells} k=${metric} c=${u.metrics[metric]} rep=${rep} /></tr>`)}</tbody>
              <tfoot><tr class="total" data-scope="org"><th scope="row">${org.name || t('dept')}</th>
                <${Cells} k=${metric} c=${org.metrics[metric]} rep=${rep} /></tr></tfoot>
            </table></div>
          </section>
          <section class="card">
            <h2>${org.name || t('dept')}</h2>
            <div class="table-wrap"><table class="grid" id="pf-org">
              <thead><tr><th>${t('metric')}</th>${HEAD()}</tr></thead>
              <tbody>${METRICS.filter((k) => org.metrics[k]).map((k) => html`<tr data-metric=${k}>
                <th scope="row">${t(`m.${k}`)}</th><${Cells} k=${k} c=${org.metrics[k]} rep=${rep} /></tr>`)}</tbody>
            </table></div>
          </section>`;
      }}<//>
    </div>`;
  }
}
