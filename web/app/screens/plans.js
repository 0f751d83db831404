// plans.js - the plans of a month: the department's target per metric,
// its split to the managers (equal or by their history), a manager's own
// target adjusted by hand. GET/POST /api/v1/plans, POST /api/v1/plans/split.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, num, pct } from '../i18n.js';
import { Load, ErrorBox } from '../ui.js';
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
      ${err ? html`<div class="form-error" role="alert">${err.field ? `${t(`field.${err.field}`)}: ` : ''}${err.message}</div>` : null}
    </form>`;
  }
}

export class Plans extends Component {
  constructor(p) {
    super(p);
    const q = currentQuery();
    this.state = { period: q.get('period') || thisMonth(), metric: q.get('metric') || 'revenue', n: 0, method: 'history', split: null, err: null };
  }
  set(patch) { this.setState(patch, () => setQuery({ period: this.state.period, metric: this.state.metric })); }
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
          </section>`;
      }}<//></div>`;
  }
}
