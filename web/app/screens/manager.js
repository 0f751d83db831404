// manager.js - the manager's card (/managers/:id, issue 11): who they are
// (name, team, role), this month's plan-fact, the bonus of the month with
// its breakdown, the recognitions received and, for the head or an admin,
// the form that gives one, and the promise record of the last six months
// with the open promises; issue 14, item 8: the plan-fact of the last six
// months, the funnel against the department, CRM hygiene, call reviews, and
// the people's sections (onboarding, training, attestation, ИПР) from their
// screens. A head, an admin or a viewer sees every manager's card, a manager
// their own. The card is a list of sections (SECTIONS).
// :id is a user id, or an e-mail (the plan-fact's rows link by e-mail).
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, num, pct, date } from '../i18n.js';
import { Load, lead } from '../ui.js';
import { thisMonth, PF_URL } from './planfact.js';
import { PayoutTable, bonusLang } from './bonuses.js';
import { TrainingSection } from './trainings.js'; /* issue 14, item 4 */
import { OnboardingSection } from './onboarding.js';
import { AttestationSection } from './attestations.js';
import { IdpSection } from './idp.js';

const PF_METRICS = ['payments', 'revenue', 'deals_won', 'calls', 'meetings'];

function PlanFactSection({ u, period }) {
  return html`<${Load} deps=${`${u.id}|${period}`} fetch=${() => api.get(PF_URL, { period, scope: `user:${u.email}` })}>${(rep) => {
    // the user's own row (a manager's answer also holds the department's)
    const row = rep.rows.find((r) => r.scope === 'user' && r.email === u.email);
    if (!row) return html`<p class="muted">—</p>`;
    return html`<div class="table-wrap"><table class="grid" id="mgr-pf">
      <thead><tr><th></th><th class="num">${t('bonus.plan')}</th><th class="num">${t('bonus.fact')}</th><th class="num">${t('bonus.pct')}</th></tr></thead>
      <tbody>${PF_METRICS.map((k) => {
        const c = row.metrics[k];
        const v = (x) => (x == null ? '—' : k === 'payments' || k === 'revenue' ? money(x, true) : num(x));
        return html`<tr data-metric=${k}><th scope="row">${t(`m.${k}`)}</th><td class="num">${v(c.plan)}</td>
          <td class="num">${v(c.fact)}</td><td class="num">${c.pct == null ? '—' : pct(c.pct)}</td></tr>`;
      })}</tbody></table></div>`;
  }}<//>`;
}

class BonusSection extends Component {
  constructor(props) { super(props); this.state = { open: new Set() }; }
  render({ u, period }, { open }) {
    return html`<${Load} deps=${`${u.id}|${period}|${bonusLang()}`}
      fetch=${() => api.get('/api/v1/reports/bonus', { period, lang: bonusLang() })}>${(rep) => {
      const rows = rep.rows.filter((r) => r.user_id === u.id);
      if (!rows.length) return html`<p class="muted" id="mgr-nobonus">${t('mgr.nobonus')}</p>`;
      return html`<p id="mgr-bonus">${t('bonus.month', { sum: money(rows[0].payout) })}</p>
        <${PayoutTable} rows=${rows} open=${open} link=${false} onToggle=${(id) => {
          const next = new Set(open);
          if (next.has(id)) next.delete(id); else next.add(id);
          this.setState({ open: next });
        }} />`;
    }}<//>`;
  }
}

const BADGES = ['best_month', 'hard_deal', 'mentor', 'thanks'];

class GiveForm extends Component {
  constructor(props) { super(props); this.state = { badge: 'best_month', comment: '', busy: false, error: null }; }
  async submit(e) {
    e.preventDefault();
    const { badge, comment } = this.state;
    this.setState({ busy: true, error: null });
    try {
      await api.post('/api/v1/recognitions', { user_id: this.props.u.id, badge, comment });
      this.setState({ busy: false, comment: '' });
      this.props.onGiven();
    } catch (err) {
      this.setState({ busy: false, error: err });
    }
  }
  render(_, { badge, comment, busy, error }) {
    return html`<form class="form-grid" id="mgr-give" onSubmit=${(e) => this.submit(e)} novalidate>
      <label>${t('mgr.badge')} <select id="mgr-badge" value=${badge} onChange=${(e) => this.setState({ badge: e.target.value })}>
        ${BADGES.map((b) => html`<option value=${b}>${t(`badge.${b}`)}</option>`)}</select></label>
      <label>${t('mgr.comment')} <input id="mgr-comment" value=${comment} maxlength="500" onInput=${(e) => this.setState({ comment: e.target.value })} /></label>
      ${error ? html`<div class="form-error" role="alert" id="mgr-give-error">${error.message}</div>` : null}
      <button class="btn" type="submit" disabled=${busy} id="mgr-give-btn">${t('mgr.give')}</button></form>`;
  }
}

class RecognitionSection extends Component {
  constructor(props) { super(props); this.state = { gen: 0 }; }
  render({ u, user }, { gen }) {
    return html`<${Load} deps=${`${u.id}|${gen}`} fetch=${() => api.get('/api/v1/recognitions', { user_id: u.id })}>${(r) => html`
      ${r.items.length ? html`<ul class="plain" id="mgr-recognitions">${r.items.map((g) => html`<li class="recognition" data-badge=${g.badge}>
        <b>${t(`badge.${g.badge}`)}</b> · ${date(g.created_at)}${g.author ? html` · ${g.author}` : null}
        ${g.comment ? html`<div>${g.comment}</div>` : null}</li>`)}</ul>`
        : html`<p class="muted" id="mgr-norec">${t('mgr.norec')}</p>`}`}<//>
      ${lead(user) && (user.user_id ?? user.id) !== u.id ? html`<${GiveForm} u=${u} onGiven=${() => this.setState({ gen: gen + 1 })} />` : null}`;
  }
}

/* "2026-11" shifted by k months ("2026-11", -5 -> "2026-06"). */
function addMonths(m, k) {
  const d = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1 + k, 1));
  return d.toISOString().slice(0, 7);
}

/* «Обещания»: the promise record by month, the last six months up to this
   one (kept, not kept, open, kept %; GET /api/v1/promises/record), and the
   open promises (docs/meetings.md). */
function PromiseSection({ u, period }) {
  const load = () => Promise.all([
    api.get('/api/v1/promises/record', { user_id: u.id, from_month: addMonths(period, -5), to_month: period }),
    api.get('/api/v1/promises', { user_id: u.id, status: 'open' })]);
  return html`<${Load} deps=${`${u.id}|${period}`} fetch=${load}>${([rec, open]) => html`
    <div class="table-wrap"><table class="grid" id="mgr-promises-record">
      <thead><tr><th>${t('mgr.prom.month')}</th><th class="num">${t('mt.promise.kept')}</th>
        <th class="num">${t('mt.promise.broken')}</th><th class="num">${t('mt.promise.open')}</th>
        <th class="num">${t('mgr.prom.pct')}</th></tr></thead>
      <tbody>${rec.months.map((m) => html`<tr data-month=${m.month}>
        <th scope="row">${date(`${m.month}-01`, { month: 'long', year: 'numeric' })}</th>
        <td class="num">${num(m.kept)}</td><td class="num">${num(m.broken)}</td><td class="num">${num(m.open)}</td>
        <td class="num">${m.pct == null ? '—' : pct(m.pct, 0)}</td></tr>`)}</tbody></table></div>
    <h3 class="sub">${t('mgr.prom.open')}</h3>
    ${open.items.length ? html`<ul class="plain" id="mgr-promises-open">${open.items.map((p) => html`<li data-id=${p.id}>
      ${p.text} <span class="muted">${t('mt.until')} ${date(p.due_at)}</span></li>`)}</ul>`
      : html`<p class="muted" id="mgr-promises-none">${t('mt.promises.none')}</p>`}`}<//>`;
}

/* The last day of month m ("2026-02" -> "2026-02-28"). */
function lastDay(m) {
  return new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
}

const HISTORY_MONTHS = 6;

/* «План-факт по месяцам»: the six months up to this one, the user's row of
   each month's plan-fact (revenue plan, fact and %, deals won, calls and
   meetings), in order as the promise record below. */
function HistorySection({ u, period }) {
  const months = Array.from({ length: HISTORY_MONTHS }, (_, i) => addMonths(period, i + 1 - HISTORY_MONTHS));
  const load = () => Promise.all(months.map((m) => api.get(PF_URL, { period: m, scope: `user:${u.email}` })));
  return html`<${Load} deps=${`${u.id}|${period}`} fetch=${load}>${(reps) => html`<div class="table-wrap"><table class="grid" id="mgr-history">
    <thead><tr><th>${t('mgr.prom.month')}</th><th class="num">${t('mgr.h.plan')}</th><th class="num">${t('mgr.h.fact')}</th>
      <th class="num">%</th><th class="num">${t('m.deals_won')}</th><th class="num">${t('m.calls')}</th><th class="num">${t('m.meetings')}</th></tr></thead>
    <tbody>${reps.map((rep, i) => {
      const row = rep.rows.find((r) => r.scope === 'user' && r.email === u.email);
      const c = (k) => (row ? row.metrics[k] : {});
      const rev = c('revenue');
      return html`<tr data-month=${months[i]}><th scope="row">${date(`${months[i]}-01`, { month: 'long', year: 'numeric' })}</th>
        <td class="num">${rev.plan == null ? '—' : money(rev.plan, true)}</td><td class="num">${rev.fact == null ? '—' : money(rev.fact, true)}</td>
        <td class="num">${rev.pct == null ? '—' : pct(rev.pct, 0)}</td><td class="num">${num(c('deals_won').fact)}</td>
        <td class="num">${num(c('calls').fact)}</td><td class="num">${num(c('meetings').fact)}</td></tr>`;
    })}</tbody></table></div>`}<//>`;
}

const FUNNEL_MONTHS = 3;

/* «Воронка: менеджер и отдел»: the cohort of the user's deals created in the
   last three months against the department's (reports/funnel?versus=team,
   docs/reports.md), each step's conversion side by side and the difference
   in percentage points; the step the user loses most on is named. */
function FunnelSection({ u, period }) {
  const from = `${addMonths(period, 1 - FUNNEL_MONTHS)}-01`, to = lastDay(period);
  return html`<${Load} deps=${`${u.id}|${period}`}
    fetch=${() => api.get('/api/v1/reports/funnel', { from, to, user: u.email, versus: 'team' })}>${(f) => {
    const mine = f.groups[0], team = f.team;
    if (!mine || !team || !mine.size) return html`<p class="muted" id="mgr-funnel-none">${t('mgr.fn.none', { from: date(from), to: date(to) })}</p>`;
    const steps = mine.stages.map((s, i) => ({
      name: `${s.stage} → ${i + 1 < mine.stages.length ? mine.stages[i + 1].stage : t('mgr.fn.won')}`,
      reached: s.reached, mine: s.conv_next, team: team.stages[i] ? team.stages[i].conv_next : null,
    }));
    steps.forEach((s) => { s.diff = s.mine == null || s.team == null ? null : (s.mine - s.team) * 100; });
    const worst = steps.reduce((w, s) => (s.diff != null && s.diff < 0 && (!w || s.diff < w.diff) ? s : w), null);
    const pp = (d) => (d == null ? '—' : `${d > 0 ? '+' : d < 0 ? '−' : ''}${num(Math.abs(d), 1)}`);
    return html`<p class="muted small">${t('mgr.fn.period', { from: date(from), to: date(to), n: num(mine.size), team: num(team.size) })}</p>
      <div class="table-wrap"><table class="grid" id="mgr-funnel">
      <thead><tr><th>${t('mgr.fn.step')}</th><th class="num">${t('funnel.reached')}</th><th class="num">${t('mgr.fn.mine')}</th>
        <th class="num">${t('mgr.fn.team')}</th><th class="num">${t('mgr.fn.diff')}</th></tr></thead>
      <tbody>${steps.map((s) => html`<tr class=${s === worst ? 'mgr-worst' : ''} data-diff=${s.diff == null ? '' : s.diff.toFixed(1)}>
        <th scope="row">${s.name}</th><td class="num">${num(s.reached)}</td><td class="num">${pct(s.mine, 0)}</td>
        <td class="num">${pct(s.team, 0)}</td><td class=${`num ${s.diff < 0 ? 'txt-bad' : ''}`}>${pp(s.diff)}</td></tr>`)}
      <tr class="total"><th scope="row">${t('funnel.winrate')}</th><td></td><td class="num">${pct(mine.win_rate, 0)}</td>
        <td class="num">${pct(team.win_rate, 0)}</td><td class="num">${pp(mine.win_rate == null || team.win_rate == null ? null : (mine.win_rate - team.win_rate) * 100)}</td></tr>
      </tbody></table></div>
      ${worst ? html`<p id="mgr-funnel-worst">${t('mgr.fn.worst', { step: worst.name, diff: pp(worst.diff) })}</p>` : null}
      <p><a href=${`/funnel?user=${encodeURIComponent(u.email)}`}>${t('mgr.fn.open')}</a></p>`;
  }}<//>`;
}

const HYGIENE_FLAGS = [['overdue_tasks', 'hyg.overdue'], ['no_next_task', 'hyg.no_next'], ['stale', 'hyg.stale'],
  ['stuck', 'hyg.stuck'], ['incomplete', 'hyg.incomplete']];

/* «Гигиена CRM»: the user's row of the hygiene audit today beside the
   department's (reports/hygiene: a manager gets these two rows too). */
function HygieneSection({ u, user }) {
  return html`<${Load} deps=${u.id} fetch=${() => api.get('/api/v1/reports/hygiene')}>${(h) => {
    const row = h.rows.find((r) => r.scope === 'user' && r.email === u.email);
    const org = h.rows.find((r) => r.scope === 'org');
    if (!row) return html`<p class="muted" id="mgr-hygiene-none">${t('mgr.hy.none')}</p>`;
    return html`<div class="kpis"><div class="kpi"><div class="kpi-label">${t('hyg.score')}</div>
        <div class="kpi-value" id="mgr-hygiene-score">${row.hygiene_score == null ? '—' : num(row.hygiene_score, 1)}</div>
        <div class="muted small">${t('mgr.hy.dept', { v: org && org.hygiene_score != null ? num(org.hygiene_score, 1) : '—' })}</div></div>
      <div class="kpi"><div class="kpi-label">${t('hyg.open')}</div><div class="kpi-value">${num(row.open_deals)}</div></div></div>
      <div class="table-wrap"><table class="grid" id="mgr-hygiene"><tbody>${HYGIENE_FLAGS.map(([k, label]) => html`<tr data-flag=${k}>
        <th scope="row">${t(label)}</th><td class=${`num ${row[k] ? 'txt-bad' : ''}`}>${num(row[k])}</td></tr>`)}</tbody></table></div>
      ${row.open_deals && lead(user) ? html`<p><a href="/hygiene">${t('mgr.hy.open')}</a></p>` : null}`;
  }}<//>`;
}

/* «Разборы звонков»: the user's call reviews of the last six months
   (reviews/summary, docs/reviews.md): count, average, the weakest points,
   and for the head the department's average beside. */
function ReviewSection({ u, user, period }) {
  const from = `${addMonths(period, 1 - HISTORY_MONTHS)}-01`;
  const load = () => Promise.all([api.get('/api/v1/reviews/summary', { user_id: u.id, from }),
    lead(user) ? api.get('/api/v1/reviews/summary', { from }) : null]);
  return html`<${Load} deps=${`${u.id}|${period}`} fetch=${load}>${([mine, all]) => {
    if (!mine.count) return html`<p class="muted" id="mgr-reviews-none">${t('mgr.rv.none')}</p>`;
    const weak = mine.weakest.filter((w) => w.avg_pct < 100);
    return html`<div class="kpis"><div class="kpi"><div class="kpi-label">${t('rv.count')}</div><div class="kpi-value" id="mgr-reviews-count">${num(mine.count)}</div></div>
      <div class="kpi"><div class="kpi-label">${t('rv.avg')}</div><div class="kpi-value" id="mgr-reviews-avg">${num(mine.avg_pct, 1)} %</div>
      ${all && all.count ? html`<div class="muted small">${t('mgr.hy.dept', { v: `${num(all.avg_pct, 1)} %` })}</div>` : null}</div></div>
      ${weak.length ? html`<h3 class="sub">${t('mgr.rv.weakest')}</h3><ul class="plain" id="mgr-reviews-weak">${weak.map((w) => html`<li>
        ${w.text} <span class="muted">${w.checklist} · ${num(w.avg_pct, 1)} %</span></li>`)}</ul>` : null}
      <p><a href=${`/reviews?user_id=${u.id}`}>${t('mgr.rv.open')}</a></p>`;
  }}<//>`;
}

/* The card's sections, in order: a key of its title and its view. */
export const SECTIONS = [
  { key: 'mgr.pf', view: PlanFactSection },
  { key: 'mgr.history', view: HistorySection },
  { key: 'mgr.funnel', view: FunnelSection },
  { key: 'mgr.hygiene', view: HygieneSection },
  { key: 'mgr.promises', view: PromiseSection },
  { key: 'mgr.reviews', view: ReviewSection },
  { key: 'mgr.attestation', view: AttestationSection },
  { key: 'mgr.idp', view: IdpSection },
  { key: 'mgr.trainings', view: TrainingSection },
  { key: 'mgr.onboarding', view: OnboardingSection },
  { key: 'mgr.recognitions', view: RecognitionSection },
  { key: 'mgr.bonus', view: BonusSection },
];

export class Manager extends Component {
  async load() {
    const id = decodeURIComponent(this.props.params.id);
    if (/^\d+$/.test(id)) return api.get(`/api/v1/users/${id}`);
    const all = await api.get('/api/v1/users');
    const u = (all.items || []).find((x) => x.email === id);
    if (!u) throw Object.assign(new Error(t('mgr.notfound')), { status: 404 });
    return u;
  }
  render({ params, user }) {
    const period = thisMonth();
    return html`<div class="page"><${Load} deps=${params.id} fetch=${() => this.load()}>${(u) => (!lead(user) && user.role !== 'viewer' && (user.user_id ?? user.id) !== u.id
      ? html`<p class="form-error" role="alert" id="mgr-forbidden">${t('mgr.forbidden')}</p>` : html`
      <header class="page-head"><h1 id="mgr-name">${u.name}</h1>
        <p class="subtitle">${t(`role.${u.role}`)}${u.team ? html` · ${t('mgr.team')}: ${u.team}` : null}</p></header>
      ${SECTIONS.map((s) => html`<section class="card" data-section=${s.key}><h2>${t(s.key)}</h2>
        <${s.view} u=${u} user=${user} period=${period} /></section>`)}`)}<//></div>`;
  }
}
