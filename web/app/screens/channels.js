// channels.js - «Каналы» (issue 12, item 4): the economics of the channels
// clients come from for a month: leads, won deals, conversion, revenue,
// marketing spend, new clients, CAC, ROMI and payback months per channel
// (or region, or source) with bars of revenue against spend and of CAC;
// the dynamics of one metric over the last 12 full months with the change
// against the month before and a year before; and the spend grid
// (channels x months), which the head and an admin edit.
// GET /api/v1/reports/channels, /api/v1/reports/channel-dynamics,
// /api/v1/marketing-spend (docs/reports.md "Channels", docs/marketing.md).
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, money, pct, date, getLang, parseMoney } from '../i18n.js';
import { Load, Chart, COLORS, lead, moneyInput } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';
import { thisMonth } from './planfact.js';

const BYS = ['channel', 'region', 'source'];
const METRICS = ['revenue', 'leads', 'deals_won', 'conversion', 'spend', 'new_clients', 'cac', 'romi'];
const MONEY = new Set(['revenue', 'spend', 'cac']);

/* A row's label: its key, «нет» for none, «Итого» for the total. */
const label = (r) => (r.total ? t('ch.total') : r.key ?? t('ch.none'));
const ratio = (v) => (v == null ? '—' : num(v, 2));

/* A metric's figure as shown. */
function figure(m, v) {
  if (v == null) return '—';
  if (MONEY.has(m)) return money(v, true);
  if (m === 'conversion') return pct(v);
  if (m === 'romi') return ratio(v);
  return num(v);
}

/* The month after YYYY-MM: its first day is the dynamics' as_of, so the
   12 months shown end with the period's month. */
function nextMonth(p) {
  const [y, m] = p.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/* The months first..last (YYYY-MM), oldest first. */
function months(last, n) {
  const [y, m] = last.split('-').map(Number);
  const out = [];
  for (let k = n - 1; k >= 0; k--) {
    const i = y * 12 + (m - 1) - k;
    out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

function barsOption(rows) {
  return {
    animation: false,
    legend: { top: 0, data: [t('ch.revenue'), t('ch.spend')] },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => money(v, true) },
    xAxis: { type: 'value', axisLabel: { show: false } }, // the tooltip says the sums
    yAxis: { type: 'category', inverse: true, data: rows.map(label), axisTick: { show: false } },
    series: [
      { name: t('ch.revenue'), type: 'bar', itemStyle: { color: COLORS[1] }, data: rows.map((r) => r.revenue) },
      { name: t('ch.spend'), type: 'bar', itemStyle: { color: COLORS[2] }, data: rows.map((r) => r.spend ?? 0) },
    ],
  };
}

function cacOption(rows) {
  return {
    animation: false,
    grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => money(v, true) },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, data: rows.map(label), axisTick: { show: false } },
    series: [{ type: 'bar', barWidth: '60%', itemStyle: { color: COLORS[3], borderRadius: 3 },
      label: { show: true, position: 'right', formatter: (p) => (p.value == null ? '—' : money(p.value, true)) },
      data: rows.map((r) => r.cac) }],
  };
}

function dynOption(d) {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => figure(d.metric, v) },
    xAxis: { type: 'category', data: d.months.map((p) => p.month) },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => figure(d.metric, v) } },
    series: [{ type: 'bar', itemStyle: { color: COLORS[0] }, data: d.months.map((p) => p.value) }],
  };
}

/* The economics table. */
function Table({ rep }) {
  return html`<div class="table-wrap"><table class="grid" id="ch-table">
    <thead><tr><th>${t(`ch.by.${rep.by}`)}</th><th class="num">${t('ch.leads')}</th><th class="num">${t('ch.won')}</th>
      <th class="num">${t('ch.conversion')}</th><th class="num">${t('ch.revenue')}</th><th class="num">${t('ch.spend')}</th>
      <th class="num">${t('ch.new')}</th><th class="num">CAC</th><th class="num">ROMI</th><th class="num">${t('ch.payback')}</th></tr></thead>
    <tbody>${rep.rows.map((r) => html`<tr class=${r.total ? 'total' : ''}><th scope="row">${label(r)}</th>
      <td class="num">${num(r.leads)}</td><td class="num">${num(r.deals_won)}</td><td class="num">${pct(r.conversion)}</td>
      <td class="num">${money(r.revenue, true)}</td><td class="num">${r.spend == null ? '—' : money(r.spend, true)}</td>
      <td class="num">${num(r.new_clients)}</td><td class="num">${r.cac == null ? '—' : money(r.cac, true)}</td>
      <td class="num">${ratio(r.romi)}</td><td class="num">${ratio(r.payback_months)}</td></tr>`)}</tbody></table></div>`;
}

/* The spend grid: channels x the 6 months up to the period's; inputs for
   the head and an admin (PUT on change), figures for a viewer. */
class SpendGrid extends Component {
  constructor(props) { super(props); this.state = { error: null, saved: null }; }
  async save(channel, month, text, reload) {
    const amount = text.trim() === '' ? 0 : parseMoney(text);
    if (Number.isNaN(amount)) return this.setState({ error: t('ch.spend.bad'), saved: null });
    try {
      await api.put(`/api/v1/marketing-spend/${encodeURIComponent(channel)}/${month}`, { amount });
      this.setState({ error: null, saved: `${channel} ${month}` });
      reload();
    } catch (err) { this.setState({ error: err.message, saved: null }); }
  }
  render({ period, channels, edit, onSaved }, { error, saved }) {
    const ms = months(period, 6);
    return html`<${Load} deps=${period} fetch=${() => api.get('/api/v1/marketing-spend', { from: ms[0], to: ms[ms.length - 1] })}>${(sp, reload) => {
      const amount = (c, m) => { const r = sp.rows.find((x) => x.channel === c && x.month === m); return r ? r.amount : null; };
      const names = [...new Set([...channels, ...sp.rows.map((r) => r.channel)])].sort();
      const done = () => { reload(); onSaved(); };
      return html`<div class="table-wrap"><table class="grid" id="ch-spend">
        <thead><tr><th>${t('ch.by.channel')}</th>${ms.map((m) => html`<th class="num">${date(`${m}-01`, { month: 'short', year: 'numeric' })}</th>`)}</tr></thead>
        <tbody>${names.map((c) => html`<tr><th scope="row">${c}</th>${ms.map((m) => html`<td class="num">${edit
          ? html`<input class="money-input" inputmode="decimal" size="9" aria-label=${`${c} ${m}`} data-channel=${c} data-month=${m}
              value=${amount(c, m) == null ? '' : moneyInput(amount(c, m))} onChange=${(e) => this.save(c, m, e.target.value, done)} />`
          : (amount(c, m) == null ? '—' : money(amount(c, m), true))}</td>`)}</tr>`)}</tbody></table></div>
        ${error ? html`<p class="form-error" role="alert" id="ch-spend-error">${error}</p>` : null}
        ${saved ? html`<p class="muted" id="ch-spend-saved">${t('ch.spend.saved')}</p>` : null}`;
    }}<//>`;
  }
}

/* The lead plan-fact of the month: plan, leads, pct, quality against its
   plan; the head and an admin set a channel's plan (leads and quality in
   %) in the row's inputs (PUT /api/v1/channel-plans/{channel}/{month}). */
class LeadPlans extends Component {
  constructor(props) { super(props); this.state = { error: null }; }
  async save(channel, leadsText, qualityText, reload) {
    const leads = Number(leadsText.trim());
    const q = qualityText.trim() === '' ? null : Number(qualityText.trim().replace(',', '.')) / 100;
    if (!Number.isInteger(leads) || leads < 0 || (q !== null && !(q >= 0 && q <= 1)))
      return this.setState({ error: t('ch.plans.bad') });
    try {
      await api.put(`/api/v1/channel-plans/${encodeURIComponent(channel)}/${this.props.period}`, { leads, quality: q });
      this.setState({ error: null });
      reload();
    } catch (err) { this.setState({ error: err.message }); }
  }
  render({ period, edit, gen }, { error }) {
    return html`<${Load} deps=${`${period}|${gen}`} fetch=${() => api.get('/api/v1/reports/channel-plans', { period })}>${(rep, reload) => html`
      <div class="table-wrap"><table class="grid" id="ch-plans">
        <thead><tr><th>${t('ch.by.channel')}</th><th class="num">${t('ch.plans.plan')}</th><th class="num">${t('ch.leads')}</th>
          <th class="num">${t('ch.plans.pct')}</th><th class="num">${t('ch.plans.quality')}</th><th class="num">${t('ch.plans.qplan')}</th></tr></thead>
        <tbody>${rep.rows.map((r) => {
          const key = r.channel;
          const form = edit && key != null;
          let lv = r.plan == null ? '' : String(r.plan), qv = r.quality_plan == null ? '' : String(Math.round(r.quality_plan * 1000) / 10);
          return html`<tr><th scope="row">${key ?? t('ch.none')}</th>
            <td class="num">${form ? html`<input size="5" inputmode="numeric" aria-label=${`${key} ${t('ch.plans.plan')}`} data-channel=${key} class="ch-plan-leads"
              value=${lv} onChange=${(e) => { lv = e.target.value; this.save(key, lv, qv, reload); }} />` : (r.plan == null ? '—' : num(r.plan))}</td>
            <td class="num">${num(r.leads)}</td><td class="num">${pct(r.pct)}</td><td class="num">${pct(r.quality)}</td>
            <td class="num">${form ? html`<input size="4" inputmode="decimal" aria-label=${`${key} ${t('ch.plans.qplan')}`} data-channel=${key} class="ch-plan-quality"
              value=${qv} onChange=${(e) => { qv = e.target.value; if (lv !== '') this.save(key, lv, qv, reload); }} />` : pct(r.quality_plan)}</td></tr>`;
        })}</tbody></table></div>
      ${error ? html`<p class="form-error" role="alert" id="ch-plans-error">${error}</p>` : null}`}<//>`;
  }
}

export class Channels extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { period: q.get('period') || thisMonth(), by: BYS.includes(q.get('by')) ? q.get('by') : 'channel',
      metric: METRICS.includes(q.get('metric')) ? q.get('metric') : 'revenue', channel: q.get('channel') || '', gen: 0 };
  }
  set(patch) {
    this.setState(patch, () => {
      const { period, by, metric, channel } = this.state;
      setQuery({ period, by, metric, ...(channel ? { channel } : {}) });
    });
  }
  render({ title, user }, { period, by, metric, channel, gen }) {
    const file = (f) => `/api/v1/reports/channels?${new URLSearchParams({ period, by, format: f, lang: getLang() === 'en' ? 'en' : 'ru' })}`;
    return html`<div class="page" id="channels">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('period')} <input type="month" id="ch-period" value=${period} onChange=${(e) => e.target.value && this.set({ period: e.target.value })} /></label>
          <label>${t('ch.group')} <select id="ch-by" value=${by} onChange=${(e) => this.set({ by: e.target.value })}>
            ${BYS.map((b) => html`<option value=${b}>${t(`ch.by.${b}`)}</option>`)}</select></label>
          <a class="btn btn-small" href=${file('xlsx')} download id="ch-xlsx">${t('export.xlsx')}</a>
          <a class="btn btn-small" href=${file('csv')} download id="ch-csv">${t('export.csv')}</a>
        </div></header>
      <${Load} deps=${`${period}|${by}|${gen}`} fetch=${() => api.get('/api/v1/reports/channels', { period, by })}
        isEmpty=${(r) => !r || r.rows.length <= 1 && !r.rows[0].leads && !r.rows[0].spend}>${(rep) => {
        const rows = rep.rows.filter((r) => !r.total);
        return html`
        <p class="subtitle" id="ch-period-line">${t('ch.period', { f: date(rep.from), t: date(rep.to), m: num(rep.gross_margin * 100) })}</p>
        <section class="card"><${Table} rep=${rep} /></section>
        <section class="card"><h2>${t('ch.bars')}</h2>
          <${Chart} option=${barsOption(rows)} height=${Math.max(180, 56 * rows.length)} label=${t('ch.bars')} /></section>
        ${by === 'channel' ? html`<section class="card"><h2>${t('ch.cac')}</h2>
          <${Chart} option=${cacOption(rows)} height=${Math.max(140, 40 * rows.length)} label=${t('ch.cac')} /></section>` : null}`;
      }}<//>
      <section class="card" id="ch-dynamics"><h2>${t('ch.dyn')}</h2>
        <div class="filters">
          <label>${t('ch.metric')} <select id="ch-dyn-metric" value=${metric} onChange=${(e) => this.set({ metric: e.target.value })}>
            ${METRICS.map((m) => html`<option value=${m}>${t(`ch.m.${m}`)}</option>`)}</select></label>
          <label>${t('ch.by.channel')} <input id="ch-dyn-channel" size="14" value=${channel} placeholder=${t('ch.all')}
            onChange=${(e) => this.set({ channel: e.target.value.trim() })} /></label>
        </div>
        <${Load} deps=${`${period}|${metric}|${channel}|${gen}`}
          fetch=${() => api.get('/api/v1/reports/channel-dynamics', { metric, as_of: `${nextMonth(period)}-01`, ...(channel ? { channel } : {}) })}>${(d) => html`
          <${Chart} option=${dynOption(d)} height=${240} label=${t('ch.dyn')} />
          <div class="table-wrap"><table class="grid" id="ch-dyn-table">
            <thead><tr><th>${t('ch.month')}</th><th class="num">${t(`ch.m.${d.metric}`)}</th><th class="num">${t('ch.mom')}</th>
              <th class="num">${t('ch.mom.pct')}</th><th class="num">${t('ch.yoy')}</th><th class="num">${t('ch.yoy.pct')}</th></tr></thead>
            <tbody>${d.months.map((p) => html`<tr><th scope="row">${date(`${p.month}-01`, { month: 'short', year: 'numeric' })}</th>
              <td class="num">${figure(d.metric, p.value)}</td><td class="num">${figure(d.metric, p.mom)}</td><td class="num">${pct(p.mom_pct)}</td>
              <td class="num">${figure(d.metric, p.yoy)}</td><td class="num">${pct(p.yoy_pct)}</td></tr>`)}</tbody></table></div>`}<//>
      </section>
      <section class="card" id="ch-plans-card"><h2>${t('ch.plans')}</h2>
        <p class="muted">${t('ch.plans.hint')}</p>
        <${LeadPlans} period=${period} edit=${lead(user)} gen=${gen} /></section>
      <section class="card" id="ch-spend-card"><h2>${t('ch.spend.grid')}</h2>
        <${Load} deps=${`${period}|${gen}`} fetch=${() => api.get('/api/v1/reports/channels', { period, by: 'channel' })}>${(rep) => html`
          <${SpendGrid} period=${period} edit=${lead(user)} onSaved=${() => this.setState({ gen: gen + 1 })}
            channels=${rep.rows.filter((r) => !r.total && r.key).map((r) => r.key)} />`}<//>
      </section>
    </div>`;
  }
}
