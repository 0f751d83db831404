// funnel.js - the cohort funnel: the deals created in the month followed
// stage by stage; the whole department or its managers (teams, channels,
// ...) side by side, each manager's bottleneck with its money cost.
// GET /api/v1/reports/funnel.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, money, pct, date } from '../i18n.js';
import { Load, Chart, COLORS } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';
import { thisMonth } from './planfact.js';

const BYS = ['', 'user', 'team', 'channel', 'region', 'source'];
/* The filters the report takes (?team=&channel=&region=&source=). */
const FILTERS = ['team', 'channel', 'region', 'source'];

/* The values to filter by, from the data: the teams, and the channels,
   regions and sources the month's deals have (the report split by each). */
async function filterValues(period) {
  const [teams, ...splits] = await Promise.all([
    api.get('/api/v1/teams'),
    ...['channel', 'region', 'source'].map((by) => api.get('/api/v1/reports/funnel', { period, by })),
  ]);
  const keys = (r) => [...new Set((r.groups || []).map((g) => g.key).filter((k) => k != null && k !== ''))]
    .sort((a, b) => String(a).localeCompare(String(b), 'ru'));
  return { team: teams.items.map((x) => x.name), channel: keys(splits[0]), region: keys(splits[1]), source: keys(splits[2]) };
}

class FilterBar extends Component {
  constructor(p) { super(p); this.state = { values: null, error: null }; }
  componentDidMount() { this.load(); }
  componentDidUpdate(prev) { if (prev.period !== this.props.period) this.load(); }
  load() {
    const my = (this.seq = (this.seq || 0) + 1);
    filterValues(this.props.period).then((values) => my === this.seq && this.setState({ values, error: null }),
      (error) => my === this.seq && this.setState({ error }));
  }
  render({ filters, onChange }, { values, error }) {
    const any = FILTERS.some((k) => filters[k]);
    return html`<div class="filters filter-bar" id="funnel-filters">
      ${FILTERS.map((k) => {
        const opts = values ? values[k] : [];
        const cur = filters[k];
        return html`<label>${t(`funnel.f.${k}`)} <select name=${k} value=${cur} disabled=${!values && !cur}
          onChange=${(e) => onChange({ [k]: e.target.value })}>
          <option value="">${t('funnel.f.all')}</option>
          ${(cur && !opts.includes(cur) ? [cur, ...opts] : opts).map((v) => html`<option value=${v}>${v}</option>`)}</select></label>`;
      })}
      ${any ? html`<button class="btn btn-small" onClick=${() => onChange(Object.fromEntries(FILTERS.map((k) => [k, ''])))}>${t('funnel.f.reset')}</button>` : null}
      ${error ? html`<span class="small txt-bad" role="alert">${error.message}</span>` : null}
    </div>`;
  }
}

function chartOption(rep) {
  const stages = rep.groups[0].stages.map((s) => s.stage);
  if (rep.groups.length === 1) {
    const g = rep.groups[0];
    return {
      animation: false,
      grid: { left: 8, right: 60, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: [...stages, t('funnel.won')],
        axisLine: { show: false }, axisTick: { show: false }, axisLabel: { color: '#4a5568' } },
      series: [{ type: 'bar', barWidth: '62%', itemStyle: { color: COLORS[0], borderRadius: 3 },
        label: { show: true, position: 'right', color: '#1d2533',
          formatter: (p) => `${num(p.value)} · ${pct(g.size ? p.value / g.size : null, 0)}` },
        data: [...g.stages.map((s) => s.reached), g.won] }],
    };
  }
  return {
    animation: false, color: COLORS,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', valueFormatter: (v) => pct(v, 0) },
    xAxis: { type: 'category', data: [...stages, t('funnel.won')], axisLabel: { color: '#4a5568', interval: 0,
      // on a phone the stage names stand at an angle instead of over each other
      rotate: window.innerWidth < 640 ? 40 : 0 } },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v) => pct(v, 0) }, splitLine: { lineStyle: { color: '#edf0f4' } } },
    series: rep.groups.map((g) => ({ name: g.key ?? '—', type: 'bar',
      data: [...g.stages.map((s) => (g.size ? s.reached / g.size : null)), g.size ? g.won / g.size : null] })),
  };
}

/* An empty cohort (no deal of the pipeline created in the period, with
   the filters when any): the empty state naming the cohort's period, and
   neither a chart nor tables of zeros. */
function EmptyCohort({ rep, active, filters }) {
  return html`<div class="state state-empty" id="funnel-empty" role="status">
    <p><strong>${t('empty')}</strong>: ${t(active.length ? 'funnel.f.empty' : 'funnel.empty')}</p>
    <p class="small">${rep.pipeline ? `${rep.pipeline} · ` : ''}${t('funnel.cohort', { f: date(rep.from), t: date(rep.to) })}${active.map((k) => html` · <span class="badge">${t(`funnel.f.${k}`)}: ${filters[k]}</span>`)}</p>
  </div>`;
}

export class Funnel extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { period: q.get('period') || thisMonth(), by: q.has('by') ? q.get('by') : 'user' };
    for (const k of FILTERS) this.state[k] = q.get(k) || '';
    this.state.user = q.get('user') || ''; /* issue 12: a finding's link (screens/daily.js) */
  }
  set(patch) {
    this.setState(patch, () => {
      const s = this.state;
      setQuery({ period: s.period, by: s.by, ...Object.fromEntries(FILTERS.map((k) => [k, s[k]])), user: s.user });
    });
  }
  render({ title }, state) {
    const { period, by } = state;
    const filters = Object.fromEntries(FILTERS.map((k) => [k, state[k]]));
    const active = FILTERS.filter((k) => filters[k]);
    if (state.user) { filters.user = state.user; active.push('user'); }
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('period')} <input type="month" value=${period} onChange=${(e) => e.target.value && this.set({ period: e.target.value })} /></label>
          <label>${t('funnel.by')} <select value=${by} onChange=${(e) => this.set({ by: e.target.value })}>
            ${BYS.map((b) => html`<option value=${b}>${t(`funnel.by.${b || 'none'}`)}</option>`)}</select></label>
        </div></header>
      <${FilterBar} period=${period} filters=${filters} onChange=${(patch) => this.set(patch)} />
      <${Load} deps=${[period, by, state.user, ...FILTERS.map((k) => filters[k])].join('|')}
        fetch=${() => api.get('/api/v1/reports/funnel', { period, by, ...filters })}
        isEmpty=${(r) => !r || !Array.isArray(r.groups) || r.groups.some((g) => !g.stages || !g.stages.length)}>${(rep) => {
        const gs = rep.groups;
        if (!gs.reduce((n, g) => n + (g.size || 0), 0)) return html`<${EmptyCohort} rep=${rep} active=${active} filters=${filters} />`;
        const stages = gs[0].stages.map((s) => s.stage);
        return html`
          <p class="subtitle">${rep.pipeline} · ${t('funnel.cohort', { f: date(rep.from), t: date(rep.to) })}${active.map((k) => html` · <span class="badge">${t(`funnel.f.${k}`)}: ${filters[k]}</span>`)}</p>
          <section class="card"><${Chart} option=${chartOption(rep)} height=${gs.length === 1 ? 260 : 320} label=${t('funnel.title')} /></section>
          <section class="card"><div class="table-wrap"><table class="grid" id="funnel-groups">
            <thead><tr><th>${by ? t(`funnel.by.${by}`) : ''}</th><th class="num">${t('funnel.size')}</th>
              <th class="num">${t('funnel.won')}</th><th class="num">${t('funnel.lost')}</th><th class="num">${t('funnel.open')}</th>
              <th class="num">${t('funnel.overall')}</th><th class="num">${t('funnel.winrate')}</th><th class="num">${t('funnel.avg')}</th>
              <th class="num">${t('funnel.cycle')}</th>${by === 'user' ? html`<th>${t('funnel.bottleneck')}</th>` : null}</tr></thead>
            <tbody>${gs.map((g) => html`<tr><th scope="row">${g.key ?? (by ? '—' : t('funnel.by.none'))}</th>
              <td class="num">${num(g.size)}</td><td class="num">${num(g.won)}</td><td class="num">${num(g.lost)}</td>
              <td class="num">${num(g.open)}</td><td class="num">${pct(g.overall)}</td><td class="num">${pct(g.win_rate)}</td>
              <td class="num">${money(g.avg_deal_size, true)}</td><td class="num">${num(g.sales_cycle_days, 1)}</td>
              ${by === 'user' ? html`<td>${g.bottleneck ? html`<span class="badge badge-bad">${g.bottleneck.stage}</span>
                ${t('funnel.cost')} <strong class="num">${money(g.bottleneck.loss, true)}</strong>` : html`<span class="muted">${t('funnel.nobottleneck')}</span>`}</td>` : null}
            </tr>`)}</tbody></table></div></section>
          <section class="card"><h2>${t('funnel.stage')}</h2><div class="table-wrap"><table class="grid" id="funnel-stages">
            <thead>
              ${gs.length > 1 ? html`<tr><th></th>${gs.map((g) => html`<th colspan="3" class="group-head">${g.key ?? '—'}</th>`)}</tr>` : null}
              <tr><th>${t('funnel.stage')}</th>${gs.map(() => html`<th class="num">${t('funnel.reached')}</th>
                <th class="num">${t('funnel.conv')}</th><th class="num">${t('funnel.time')}</th>`)}</tr></thead>
            <tbody>${stages.map((name, i) => html`<tr><th scope="row">${name}</th>${gs.map((g) => {
              const s = g.stages[i];
              const weak = g.bottleneck && g.bottleneck.stage === name;
              return html`<td class="num">${num(s.reached)}</td><td class=${`num ${weak ? 'txt-bad strong' : ''}`}>${pct(s.conv_next, 0)}</td>
                <td class="num muted">${num(s.time_median_days, 1)}</td>`;
            })}</tr>`)}</tbody></table></div></section>`;
      }}<//></div>`;
  }
}
