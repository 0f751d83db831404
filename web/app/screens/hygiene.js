// hygiene.js - CRM hygiene: the score per manager and the exact deals and
// tasks to fix, each deal linking to its card. GET /api/v1/reports/hygiene?list=1.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, asOfDate } from '../i18n.js';
import { Load } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

const COLS = [['open_deals', 'hyg.open'], ['overdue_tasks', 'hyg.overdue'], ['no_next_task', 'hyg.no_next'],
  ['stale', 'hyg.stale'], ['stuck', 'hyg.stuck'], ['incomplete', 'hyg.incomplete']];
const LIMIT = 50;

function scoreClass(s) {
  if (s == null) return 'muted';
  return s >= 80 ? 'txt-good' : s >= 50 ? 'txt-warn' : 'txt-bad';
}

function flagText(f) {
  switch (f.flag) {
    case 'no_next_task': return t('hyg.f.no_next_task');
    case 'stale': return t('hyg.f.stale', { d: f.days });
    case 'stuck': return t('hyg.f.stuck', { s: f.stage, d: f.days, m: f.max_days });
    case 'incomplete': return t('hyg.f.incomplete', { x: (f.missing || []).map((m) => t(`deal.${m}`)).join(', ').toLowerCase() });
    default: return f.flag;
  }
}

export class Hygiene extends Component {
  constructor(props) {
    super(props);
    this.state = { who: currentQuery().get('user') || '', all: false };
  }
  render({ title }, { who, all }) {
    const lim = all ? Infinity : LIMIT;
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1></header>
      <${Load} deps=${1} fetch=${() => api.get('/api/v1/reports/hygiene', { list: 1 })}
        isEmpty=${(r) => !r || !r.rows}>${(rep) => {
        const users = rep.rows.filter((r) => r.scope === 'user');
        const org = rep.rows.find((r) => r.scope === 'org');
        const deals = (rep.list ? rep.list.deals : []).filter((d) => !who || d.owner === who);
        const tasks = (rep.list ? rep.list.tasks : []).filter((x) => !who || x.assignee === who);
        return html`
          <p class="subtitle">${t('as_of')} ${asOfDate(rep.as_of)}</p>
          <section class="card"><div class="table-wrap"><table class="grid" id="hyg-users">
            <thead><tr><th>${t('manager')}</th><th class="num">${t('hyg.score')}</th>
              ${COLS.map(([, k]) => html`<th class="num">${t(k)}</th>`)}</tr></thead>
            <tbody>${users.map((u) => html`<tr data-email=${u.email}>
              <th scope="row"><a href=${`/hygiene?user=${encodeURIComponent(u.name)}`}
                onClick=${() => this.setState({ who: u.name })}>${u.name}</a>
                ${u.overloaded ? html` <span class="badge badge-warn">${t('hyg.overloaded')}</span>` : null}</th>
              <td class=${`num score ${scoreClass(u.hygiene_score)}`}>${u.hygiene_score == null ? '—' : num(u.hygiene_score, 1)}</td>
              ${COLS.map(([c]) => html`<td class="num">${num(u[c])}</td>`)}</tr>`)}</tbody>
            ${org ? html`<tfoot><tr class="total"><th scope="row">${t('dept')}</th>
              <td class=${`num score ${scoreClass(org.hygiene_score)}`}>${org.hygiene_score == null ? '—' : num(org.hygiene_score, 1)}</td>
              ${COLS.map(([c]) => html`<td class="num">${num(org[c])}</td>`)}</tr></tfoot>` : null}
          </table></div></section>
          <section class="card">
            <div class="card-head"><h2>${t('hyg.fix')}: ${t('hyg.deals').toLowerCase()} (${num(deals.length)})</h2>
              <label>${t('manager')} <select value=${who} onChange=${(e) => { this.setState({ who: e.target.value }); setQuery({ user: e.target.value }); }}>
                <option value="">${t('hyg.all')}</option>
                ${users.map((u) => html`<option value=${u.name}>${u.name}</option>`)}</select></label></div>
            <div class="table-wrap"><table class="grid" id="hyg-deals">
              <thead><tr><th>${t('hyg.deal')}</th><th>${t('hyg.client')}</th><th>${t('hyg.owner')}</th><th>${t('hyg.reasons')}</th></tr></thead>
              <tbody>${deals.slice(0, lim).map((d) => html`<tr>
                <td><a href=${`/deals/${encodeURIComponent(d.deal_id ?? d.id)}`} data-deal=${d.deal_id ?? ''}>${d.title || d.id}</a></td>
                <td>${d.client || html`<span class="muted">—</span>`}</td><td>${d.owner}</td>
                <td>${d.flags.map((f) => html`<span class=${`badge ${f.flag === 'stuck' || f.flag === 'stale' ? 'badge-bad' : 'badge-warn'}`}>${flagText(f)}</span>`)}</td></tr>`)}
              </tbody></table>
              ${deals.length > lim ? html`<p><button class="btn btn-small" onClick=${() => this.setState({ all: true })}>${t('hyg.more', { n: num(deals.length - lim) })}</button></p>` : null}</div>
          </section>
          <section class="card">
            <h2>${t('hyg.tasks')} (${num(tasks.length)})</h2>
            <div class="table-wrap"><table class="grid" id="hyg-tasks">
              <thead><tr><th>${t('hyg.task')}</th><th>${t('hyg.owner')}</th><th>${t('hyg.due')}</th><th class="num">${t('hyg.days')}</th></tr></thead>
              <tbody>${tasks.slice(0, lim).map((x) => html`<tr><td>${x.deal_id ? html`<a href=${`/deals/${x.deal_id}`}>${x.title || x.id}</a>` : x.title}</td><td>${x.assignee}</td>
                <td>${x.due}</td><td class="num txt-bad">${num(x.days_overdue)}</td></tr>`)}</tbody></table>
              ${tasks.length > lim ? html`<p><button class="btn btn-small" onClick=${() => this.setState({ all: true })}>${t('hyg.more', { n: num(tasks.length - lim) })}</button></p>` : null}</div>
          </section>`;
      }}<//></div>`;
  }
}
