// plans.js - the plans of a month: the department's target per metric,
// its split to the managers (equal or by their history), a manager's own
// target adjusted by hand; the month by day or by week; the reverse funnel
// calculator. GET/POST /api/v1/plans, POST /api/v1/plans/split,
// GET /api/v1/plans/days, GET /api/v1/plans/reverse.
import { html, Component, createRef } from '../lib.js';
import { api } from '../api.js';
import { t, money, num, pct, date, parseMoney, moneyDigits } from '../i18n.js';
import { Load, ErrorBox, Tabs, Chart, COLORS, FormError } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';
import { thisMonth } from './planfact.js';

const METRICS = ['revenue', 'payments', 'deals_won', 'leads', 'meetings', 'calls', 'call_minutes'];

function target(p) {
  if (p.unit === 'minor_units') return money(p.target, true);
  if (p.unit === 'basis_points') return pct(p.target / 10000);
  return num(p.target);
}

class TargetForm extends Component {
  constructor(p) { super(p); this.state = { value: '', scope: p.scopes ? p.scopes[0][0] : 'org', err: null, busy: false, done: null }; }
  async submit(e) {
    e.preventDefault();
    const { value, scope } = this.state;
    if (!value.trim()) return this.setState({ err: { field: 'target', message: t('form.required') } });
    this.setState({ busy: true, err: null, done: null });
    try {
      await this.props.onSubmit({ target: value.trim(), scope });
      this.setState({ busy: false, value: '', done: t('plans.saved') });
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ label, scopes, id, extra }, { value, scope, err, busy, done }) {
    return html`<form class="mini-form" id=${id} onSubmit=${(e) => this.submit(e)} novalidate>
      ${scopes ? html`<label><span>${t('manager')}</span><select value=${scope} onChange=${(e) => this.setState({ scope: e.target.value })}>
        ${scopes.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select></label>` : null}
      ${extra || null}
      <label><span>${label}</span><input name="target" value=${value} inputmode="decimal"
        aria-invalid=${err && err.field === 'target' ? 'true' : undefined} onInput=${(e) => this.setState({ value: e.target.value })} /></label>
      <button class="btn btn-primary btn-small" disabled=${busy}>${t('save')}</button>
      ${done ? html`<span class="txt-good small">${done}</span>` : null}
      <${FormError} err=${err} />
    </form>`;
  }
}

/* A figure of the days view in its unit. */
function unitValue(unit, v) {
  if (unit === 'minor_units') return money(v, true);
  if (unit === 'basis_points') return pct(v / 10000);
  return num(v);
}

function colLabel(c, by) {
  if (by === 'day') return date(c.from, { day: 'numeric', weekday: 'short' });
  return c.from === c.to ? date(c.from, { day: 'numeric', month: 'short' })
    : `${date(c.from, { day: 'numeric' })}–${date(c.to, { day: 'numeric', month: 'short' })}`;
}

/* The month's plans spread over working days, by day or by ISO week. */
class PlanDays extends Component {
  constructor(p) { super(p); this.state = { by: currentQuery().get('by') === 'day' ? 'day' : 'week' }; }
  render({ period, metric, n }, { by }) {
    return html`<section class="card" id="plan-days">
      <div class="card-head"><h2>${t('plans.days')}: ${t(`m.${metric}`)}</h2>
        <${Tabs} tabs=${[['week', t('plans.by.week')], ['day', t('plans.by.day')]]} value=${by}
          onChange=${(k) => { this.setState({ by: k }); const q = currentQuery(); q.set('by', k); setQuery(Object.fromEntries(q)); }} /></div>
      <${Load} deps=${`${period}|${metric}|${by}|${n}`} fetch=${() => api.get('/api/v1/plans/days', { period, metric, by })}
        isEmpty=${(r) => !r.rows.length} emptyText=${t('plans.nodays')}>${(r) => {
        const org = r.rows.find((x) => x.scope_kind === 'org');
        const users = r.rows.filter((x) => x.scope_kind === 'user');
        const teams = r.rows.filter((x) => x.scope_kind === 'team');
        const series = org ? org.parts : r.columns.map((_, i) => users.reduce((a, u) => a + u.parts[i], 0));
        const scale = r.unit === 'minor_units' ? 10 ** moneyDigits() : r.unit === 'basis_points' ? 10000 : 1;
        const option = {
          animation: false, color: COLORS,
          grid: { left: 8, right: 12, top: 12, bottom: 8, containLabel: true },
          tooltip: { trigger: 'axis', valueFormatter: (v) => unitValue(r.unit, v * scale) },
          xAxis: { type: 'category', data: r.columns.map((c) => colLabel(c, r.by)), axisLabel: { color: '#4a5568', interval: r.by === 'day' ? 1 : 0 } },
          yAxis: { type: 'value', axisLabel: { color: '#7a8597', formatter: (v) => num(v, 0) }, splitLine: { lineStyle: { color: '#edf0f4' } } },
          series: [{ type: 'bar', name: t('plan'), barMaxWidth: 48, itemStyle: { borderRadius: [3, 3, 0, 0] },
            data: series.map((v, i) => ({ value: v / scale, itemStyle: r.columns[i].working_days ? {} : { color: '#d9dee6' } })) }],
        };
        const row = (x, cls) => html`<tr class=${cls || ''} data-scope=${x.scope}><th scope="row">${x.name || t('dept')}</th>
          ${x.parts.map((v, i) => html`<td class=${`num${r.columns[i].working_days ? '' : ' off'}`}>${v ? unitValue(r.unit, v) : html`<span class="muted">·</span>`}</td>`)}
          <td class="num strong">${unitValue(r.unit, x.target)}</td></tr>`;
        return html`
          <p class="small muted">${t('plans.wd', { n: r.working_days })}</p>
          <${Chart} option=${option} height=${220} label=${t('plans.chart')} />
          <div class="table-wrap"><table class=${`grid plan-days by-${r.by}`} id="plan-days-table">
            <thead><tr><th>${t('manager')}</th>${r.columns.map((c) => html`<th class=${`num${c.working_days ? '' : ' off'}`}
              title=${`${date(c.from)} — ${date(c.to)}: ${t('plans.wd', { n: c.working_days })}`}>${colLabel(c, r.by)}</th>`)}
              <th class="num">${t('plans.total')}</th></tr></thead>
            <tbody>${teams.map((x) => row(x, 'team-row'))}${users.map((x) => row(x))}</tbody>
            ${org ? html`<tfoot>${row(org, 'total')}</tfoot>` : null}</table></div>`;
      }}<//></section>`;
  }
}

function shiftMonth(period, k) {
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + k, 1));
  return date(d.toISOString().slice(0, 10), { month: 'long', year: 'numeric' });
}

/* The reverse funnel: from a revenue target, the deals, meetings and leads
   a manager needs, from their last 3 months. Without sellers it is the
   caller's own (My day): no user select, no user parameter. */
export class Reverse extends Component {
  constructor(p) { super(p); this.state = { user: '', revenue: '', busy: false, err: null, res: null }; this.form = createRef(); }
  async submit(e) {
    e.preventDefault();
    const { user, revenue } = this.state;
    const fail = (err) => {
      this.setState({ busy: false, err, res: null });
      const el = err.field && this.form.current && this.form.current.querySelector(`[name="${err.field}"]`);
      if (el) el.focus();
    };
    const self = !this.props.sellers;
    if (!self && !user) return fail({ field: 'user', message: t('form.required') });
    if (!revenue.trim()) return fail({ field: 'revenue', message: t('form.required') });
    const minor = parseMoney(revenue);
    if (Number.isNaN(minor)) return fail({ field: 'revenue', message: t('form.badamount') });
    this.setState({ busy: true, err: null });
    try {
      const res = await api.get('/api/v1/plans/reverse', { ...(self ? {} : { user }), revenue: minor, period: this.props.period });
      this.setState({ busy: false, res });
    } catch (err) { fail(err); }
  }
  render({ period, sellers, id = 'plan-reverse', title, hint }, { user, revenue, busy, err, res }) {
    const inv = (f) => (err && err.field === f ? 'true' : undefined);
    const need = (key, label) => {
      const v = res.need[key];
      return html`<div class="kpi" data-need=${key}><div class="kpi-label">${label}</div>
        <div class="kpi-value">${v == null ? '—' : num(v)}</div>
        <div class="kpi-sub">${v == null ? t('plans.rev.nohist') : t('plans.rev.perday', { n: num(res.per_day[key], 2) })}</div></div>`;
    };
    return html`<section class="card" id=${id}><h2>${title || t('plans.rev')}</h2>
      <p class="small muted">${t(hint || 'plans.rev.hint', { f: shiftMonth(period, -3), t: shiftMonth(period, -1) })}</p>
      <form class="mini-form" ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
        ${sellers ? html`<label><span>${t('manager')}</span><select name="user" value=${user} aria-invalid=${inv('user')} onChange=${(e) => this.setState({ user: e.target.value })}>
          <option value="">—</option>${sellers.map((u) => html`<option value=${String(u.id)}>${u.name}</option>`)}</select></label>` : null}
        <label><span>${t('plans.rev.revenue')}</span><input name="revenue" inputmode="decimal" value=${revenue} aria-invalid=${inv('revenue')}
          placeholder="1 500 000" onInput=${(e) => this.setState({ revenue: e.target.value })} /></label>
        <button class="btn btn-primary btn-small" disabled=${busy}>${t('plans.rev.calc')}</button>
        ${busy ? html`<span class="small muted" role="status">${t('loading')}</span>` : null}
        <${FormError} err=${err} />
      </form>
      ${res ? html`<div class="reverse-result" id="reverse-result">
        <p class="small">${res.user.name} · ${money(res.revenue, true)} · ${t('plans.rev.wd', { n: res.working_days })}<br />
          <span class="muted">${t('plans.rev.history', { l: num(res.history.leads), m: num(res.history.meetings), w: num(res.history.deals_won), r: money(res.history.revenue, true) })}</span></p>
        <div class="kpis">
          <div class="kpi"><div class="kpi-label">${t('plans.rev.avg')}</div><div class="kpi-value">${money(res.avg_check, true)}</div>
            <div class="kpi-sub">${t('plans.rev.conv_lm')}: ${pct(res.conversion.lead_to_meeting, 0)} · ${t('plans.rev.conv_mw')}: ${pct(res.conversion.meeting_to_won, 0)}</div></div>
          ${need('leads', t('plans.rev.leads'))}${need('meetings', t('plans.rev.meetings'))}${need('won', t('plans.rev.won'))}
        </div></div>` : null}
    </section>`;
  }
}

export class Plans extends Component {
  constructor(p) {
    super(p);
    const q = currentQuery();
    this.state = { period: q.get('period') || thisMonth(), metric: q.get('metric') || 'revenue', n: 0, method: 'history', split: null, err: null };
  }
  set(patch) { this.setState(patch, () => { const by = currentQuery().get('by'); setQuery({ period: this.state.period, metric: this.state.metric, by }); }); }
  async split() {
    const { period, metric, method } = this.state;
    this.setState({ err: null });
    try {
      const r = await api.post('/api/v1/plans/split', { period, metric, method });
      this.setState({ split: r, n: this.state.n + 1 });
    } catch (err) { this.setState({ err }); }
  }
  render({ title }, { period, metric, n, method, split, err }) {
    const reload = () => this.setState({ n: n + 1 });
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1><div class="filters">
        <label>${t('period')} <input type="month" value=${period} onChange=${(e) => e.target.value && this.set({ period: e.target.value, split: null })} /></label>
        <label>${t('pf.metric')} <select value=${metric} onChange=${(e) => this.set({ metric: e.target.value, split: null })}>
          ${METRICS.map((k) => html`<option value=${k}>${t(`m.${k}`)}</option>`)}</select></label></div></header>
      <${Load} deps=${period + metric + n} fetch=${() => Promise.all([api.get('/api/v1/plans', { period }), api.get('/api/v1/users')])}>${([plans, users]) => {
        const mine = plans.items.filter((p) => p.metric === metric);
        const org = mine.find((p) => p.scope_kind === 'org');
        const sellers = users.items.filter((u) => u.active && (u.role === 'manager' || u.role === 'head'));
        const byUser = new Map(mine.filter((p) => p.scope_kind === 'user').map((p) => [p.scope_id, p]));
        const sum = [...byUser.values()].reduce((a, p) => a + p.target, 0);
        return html`
          <section class="card"><h2>${t('plans.dept')}: ${t(`m.${metric}`)}</h2>
            <p class="place" id="plan-org">${org ? target(org) : html`<span class="muted">${t('plans.none')}</span>`}</p>
            <${TargetForm} id="plan-org-form" label=${t('plans.target')}
              onSubmit=${async (v) => { await api.post('/api/v1/plans', { period, metric, scope: 'org', target: v.target }); reload(); }} />
            <div class="mini-form"><label><span>${t('plans.method')}</span><select value=${method} onChange=${(e) => this.setState({ method: e.target.value })}>
                <option value="history">${t('plans.m.history')}</option><option value="equal">${t('plans.m.equal')}</option></select></label>
              <button class="btn btn-small" onClick=${() => this.split()} disabled=${!org}>${t('plans.split')}</button></div>
            ${err ? html`<${ErrorBox} error=${err} />` : null}
            ${split ? html`<p class="txt-good small">${t('plans.splitdone', { n: split.parts.length })}</p>` : null}
          </section>
          <section class="card"><h2>${t('plans.managers')}</h2>
            <div class="table-wrap"><table class="grid" id="plan-users"><thead><tr><th>${t('manager')}</th><th>${t('board.team')}</th>
              <th class="num">${t('plan')}</th><th class="num">${t('plans.share')}</th></tr></thead>
              <tbody>${sellers.map((u) => { const p = byUser.get(u.id); return html`<tr><th scope="row">${u.name}</th><td>${u.team || '—'}</td>
                <td class="num">${p ? target(p) : '—'}</td><td class="num">${p && sum ? pct(p.target / sum, 0) : '—'}</td></tr>`; })}</tbody>
              <tfoot><tr class="total"><th>${t('plans.sum')}</th><td></td><td class="num">${sum ? target({ ...(mine[0] || {}), target: sum }) : '—'}</td><td></td></tr></tfoot></table></div>
            <h3 class="sub">${t('plans.adjust')}</h3>
            <${TargetForm} id="plan-user-form" label=${t('plans.target')} scopes=${sellers.map((u) => [`user:${u.email}`, u.name])}
              onSubmit=${async (v) => { await api.post('/api/v1/plans', { period, metric, scope: v.scope, target: v.target }); reload(); }} />
          </section>
          <${PlanDays} period=${period} metric=${metric} n=${n} />
          <${Reverse} key=${period} period=${period} sellers=${sellers} />`;
      }}<//></div>`;
  }
}
