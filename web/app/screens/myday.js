// myday.js - a manager's day: today's tasks with the overdue ones first
// (the deal card's task list: complete with or without a comment,
// reschedule with a reason; each shows its deal's title and its client),
// the month's plan-fact with what is needed per day,
// the place on the month's revenue leaderboard and the running competitions
// I am in (rank.js MyRank: GET /api/v1/reports/leaderboard, which every
// role reads whole, and /api/v1/competitions), and
// the reverse funnel for a revenue target of my own (GET /api/v1/plans/reverse
// without a user: the caller's history).
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, metricValue, num } from '../i18n.js';
import { Load, PctBar, pace, FormError } from '../ui.js';
import { listAll } from './board.js';
import { PF_URL, thisMonth } from './planfact.js';
import { Reverse } from './plans.js';
import { TaskList } from './tasks.js';
import { MyRank } from './rank.js';
import { MyBonus } from './bonuses.js';
import { ActionItem, toggleAction, localToday } from './actionplans.js';
import { MyPromises } from './meetings.js';

const MINE = ['revenue', 'deals_won', 'meetings', 'calls', 'leads', 'payments'];

async function load(user) {
  const day = localToday();
  const [tasks, pf, plan] = await Promise.all([
    listAll('/api/v1/tasks', { status: 'open', owner_id: user.user_id, sort: 'due_at' }, 1000),
    api.get(PF_URL, { by: 'user' }),
    api.get('/api/v1/action-plans', { week: day }).catch(() => ({ items: [] })),
  ]);
  /* today's actions of my week's plan that are mine (issue 11) */
  const actions = plan.items.filter((x) => x.day === day && x.assignee_id === user.user_id);
  const end = new Date();
  end.setHours(23, 59, 59, 999);
  const now = new Date();
  const mine = tasks.filter((x) => x.assignee_id === user.user_id && x.due_at && new Date(x.due_at) <= end);
  const overdue = mine.filter((x) => new Date(x.due_at) < now);
  const today = mine.filter((x) => new Date(x.due_at) >= now);
  return { overdue, today, pf, actions };
}

export class MyDay extends Component {
  constructor(p) { super(p); this.state = { n: 0 }; }
  render({ title, user }, { n }) {
    return html`<div class="page">
      <header class="page-head"><h1>${title}</h1>
        <a class="btn btn-small" id="my-card" href=${`/managers/${user.user_id}`}>${t('mgr.card')}</a></header>
      <${MyBonus} user=${user} />
      <${Load} deps=${n} fetch=${() => load(user)}>${(d, reload) => {
        const me = d.pf.rows.find((r) => r.scope === 'user' && r.email === user.email) || d.pf.rows[0];
        const list = (tasks, id, empty) => html`<${TaskList} tasks=${tasks} rw=${true} id=${id} links=${true}
          empty=${empty} onChanged=${reload} />`;
        return html`<div class="deal-grid">
          <section class="card"><h2>${t('myday.tasks')} (${num(d.overdue.length + d.today.length)})</h2>
            ${d.overdue.length ? html`<h3 class="sub txt-bad">${t('myday.overdue')} · ${num(d.overdue.length)}</h3>
              ${list(d.overdue.slice(0, 30), 'myday-overdue')}` : null}
            <h3 class="sub">${t('myday.today')} · ${num(d.today.length)}</h3>
            ${list(d.today, 'myday-today', t('myday.free'))}
            <h3 class="sub">${t('myday.actions')}</h3>
            ${d.actions.length ? html`<ul class="ap-items" id="myday-actions">${d.actions.map((x) => html`<${ActionItem} x=${x}
              onToggle=${(a, done) => { this.setState({ apErr: null }); toggleAction(a, done).catch((apErr) => this.setState({ apErr })).then(reload); }} />`)}</ul>`
              : html`<p class="muted" id="myday-actions">${t('myday.noactions')}</p>`}
            <${FormError} err=${this.state.apErr} />
          </section>
          <div>
            <${MyPromises} />
            <section class="card"><h2>${t('myday.plan')}</h2>
              <div class="table-wrap"><table class="grid compact" id="myday-pf"><thead><tr><th>${t('metric')}</th><th class="num">${t('plan')}</th>
                <th class="num">${t('fact')}</th><th>${t('pct')}</th><th class="num">${t('per_day')}</th></tr></thead>
              <tbody>${MINE.map((k) => { const c = me.metrics[k]; return html`<tr><th scope="row">${t(`m.${k}`)}</th>
                <td class="num">${metricValue(k, c.plan)}</td><td class="num strong">${metricValue(k, c.fact)}</td>
                <td class="bar-cell"><${PctBar} value=${c.pct} pace=${pace(c.fact, c.plan, d.pf.elapsed_wd, d.pf.total_wd)}
                  due=${d.pf.total_wd ? d.pf.elapsed_wd / d.pf.total_wd : null} /></td>
                <td class="num strong">${metricValue(k, c.per_day_needed)}</td></tr>`; })}</tbody></table></div>
              <p class="muted small">${t('pf.wd', { e: d.pf.elapsed_wd, t: d.pf.total_wd })}</p></section>
            <${MyRank} user=${user} />
            <${Reverse} id="myday-reverse" period=${thisMonth()} title=${t('myday.rev')} hint="myday.rev.hint" />
          </div></div>`;
      }}<//></div>`;
  }
}
