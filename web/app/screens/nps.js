// nps.js - NPS (индекс лояльности; issue 12, item 2): the trend by month
// over the 12 months to a date, the groups by channel, manager or segment
// (bars and a table), and the detractors with their comments, each with a
// button that creates the owner's task (one per answer). A manager sees
// their own clients' answers only (the server decides).
// GET /api/v1/reports/nps (docs/reports.md, "NPS"), POST /api/v1/nps/{id}/task.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, date, dateTime, DASH, getLang } from '../i18n.js';
import { Load, Chart, Tabs, COLORS } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

const pad = (n) => String(n).padStart(2, '0');
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
/* The 12 calendar months ending with the month of `to`: [from, last]. */
export function yearTo(to) {
  const [y, m] = to.split('-').map(Number);
  const f = new Date(Date.UTC(y, m - 12, 1));
  const l = new Date(Date.UTC(y, m, 0));
  const iso = (d) => d.toISOString().slice(0, 10);
  return { from: iso(f), last: iso(l) };
}
/* NPS with its one decimal always shown ("20,0"), as the server rounds it. */
const showNps = (v) => (v == null ? DASH : getLang() === 'en' ? v.toFixed(1) : v.toFixed(1).replace('.', ','));
const keyText = (g) => (g.key == null ? t('nps.none') : g.name || g.key);

function trendOption(groups) {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => showNps(v) },
    xAxis: { type: 'category', data: groups.map((g) => g.key) },
    yAxis: { type: 'value', min: -100, max: 100 },
    series: [{ type: 'line', connectNulls: false, itemStyle: { color: COLORS[0] },
      label: { show: true, formatter: (p) => showNps(p.value) },
      data: groups.map((g) => g.nps) }],
  };
}

function barsOption(groups) {
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: -100, max: 100, show: false },
    yAxis: { type: 'category', inverse: true, data: groups.map(keyText),
      axisTick: { show: false }, axisLine: { show: false } },
    series: [{ type: 'bar', barWidth: '60%',
      itemStyle: { color: (p) => (groups[p.dataIndex].nps >= 0 ? COLORS[1] : COLORS[4]) },
      label: { show: true, position: 'right', formatter: (p) => showNps(p.value) },
      data: groups.map((g) => g.nps) }],
  };
}

class TaskButton extends Component {
  make() {
    this.setState({ busy: true, error: null });
    api.post(`/api/v1/nps/${this.props.id}/task`, {})
      .then(() => this.setState({ busy: false, done: true }))
      .catch((e) => this.setState({ busy: false, error: e.message }));
  }
  render(_, { busy, done, error }) {
    if (done) return html`<span class="ok">${t('nps.task.made')}</span>`;
    return html`<button type="button" class="btn btn-small" disabled=${busy}
      onClick=${() => this.make()}>${t('nps.task.make')}</button>${error && html`<div class="error">${error}</div>`}`;
  }
}

export class Nps extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { to: q.get('to') || today(), by: q.get('by') || 'channel' };
  }
  set(patch) { this.setState(patch, () => setQuery({ to: this.state.to, by: this.state.by })); }
  render({ title, user }, { to, by }) {
    const { from, last } = yearTo(to);
    const base = { from, to: last, as_of: to };
    const canTask = user.role !== 'viewer';
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('nps.date')} <input type="date" value=${to} onChange=${(e) => e.target.value && this.set({ to: e.target.value })} /></label>
        </div></header>
      <p class="subtitle">${t('nps.period', { to: date(to) })}</p>
      <${Load} deps=${to} fetch=${() => api.get('/api/v1/reports/nps', { ...base, by: 'month' })}>${(rep) => html`
        <section class="card"><h2>${t('nps.trend')}</h2>
          <${Chart} option=${trendOption(rep.groups)} height=${280} label=${t('nps.trend')} />
          <div class="table-wrap"><table class="grid" id="nps-months">
            <thead><tr><th>${t('nps.date')}</th><th class="num">${t('nps.responses')}</th><th class="num">${t('nps.promoters')}</th>
              <th class="num">${t('nps.passives')}</th><th class="num">${t('nps.detractors')}</th><th class="num">${t('nps.value')}</th></tr></thead>
            <tbody>${rep.groups.map((g) => html`<tr><th scope="row">${g.key}</th><td class="num">${num(g.responses)}</td>
              <td class="num">${num(g.promoters)}</td><td class="num">${num(g.passives)}</td><td class="num">${num(g.detractors)}</td>
              <td class="num">${showNps(g.nps)}</td></tr>`)}</tbody></table></div></section>
        <section class="card"><h2>${t('nps.det.title')}</h2>
          ${rep.detractors.length === 0 ? html`<p>${t('nps.det.none')}</p>` : html`
          <div class="table-wrap"><table class="grid" id="nps-detractors">
            <thead><tr><th>${t('nps.client')}</th><th class="num">${t('nps.score')}</th><th>${t('nps.date')}</th>
              <th>${t('nps.owner')}</th><th>${t('nps.comment')}</th>${canTask && html`<th>${t('nps.task')}</th>`}</tr></thead>
            <tbody>${rep.detractors.map((d) => html`<tr>
              <th scope="row">${d.client_id ? html`<a href=${`/clients/${d.client_id}`}>${d.client}</a>` : d.client}</th>
              <td class="num">${d.score}</td><td>${dateTime(d.at)}</td><td>${d.owner_name || DASH}</td>
              <td>${d.comment || DASH}</td>${canTask && html`<td><${TaskButton} id=${d.id} /></td>`}</tr>`)}</tbody></table></div>`}
        </section>`}<//>
      <section class="card"><h2>${t('nps.groups')}</h2>
        <${Tabs} tabs=${[['channel', t('nps.by.channel')], ['user', t('nps.by.user')], ['segment', t('nps.by.segment')]]}
          value=${by} onChange=${(k) => this.set({ by: k })} />
        <${Load} deps=${`${to}|${by}`} fetch=${() => api.get('/api/v1/reports/nps', { ...base, by })}
          isEmpty=${(r) => !r || r.groups.length === 0}>${(rep) => html`
          <${Chart} option=${barsOption(rep.groups)} height=${Math.max(120, 36 * rep.groups.length)} label=${t('nps.groups')} />
          <div class="table-wrap"><table class="grid" id="nps-groups">
            <thead><tr><th>${t('nps.group')}</th><th class="num">${t('nps.responses')}</th><th class="num">${t('nps.promoters')}</th>
              <th class="num">${t('nps.passives')}</th><th class="num">${t('nps.detractors')}</th><th class="num">${t('nps.value')}</th></tr></thead>
            <tbody>${rep.groups.map((g) => html`<tr><th scope="row">${keyText(g)}</th><td class="num">${num(g.responses)}</td>
              <td class="num">${num(g.promoters)}</td><td class="num">${num(g.passives)}</td><td class="num">${num(g.detractors)}</td>
              <td class="num">${showNps(g.nps)}</td></tr>`)}</tbody></table></div>`}<//>
      </section>
    </div>`;
  }
}
