// idp.js - «ИПР» (issue 14, item 7; docs/idp.md): the managers'
// development plans. The head's list of plans with their progress and the
// form of a new plan; a plan's card: goals with the current value against
// the target (a bar), the actions to tick, the check-ins with their form,
// the forms of a goal (the metric picker, a funnel step's two stages
// included) and of an action. A manager sees «Мой ИПР»: their active
// plan, and ticks its actions. IdpSection is the manager card's section.
// /api/v1/idp, /api/v1/idp/{id}, .../goals, .../actions, .../checkins.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, money, date, dateTime, DASH, MONEY } from '../i18n.js';
import { Load, FormError, PctBar, lead } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

const METRICS = ['calls', 'meetings', 'leads', 'deals_won', 'revenue', 'payments', 'avg_check',
  'conversion', 'call_minutes', 'tasks_done', 'tasks_done_on_time', 'tasks_overdue', 'funnel_step'];
const STATUSES = ['open', 'achieved', 'missed', 'dropped'];

const p2 = (x) => String(x).padStart(2, '0');
const today = () => { const d = new Date(); return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`; };
const later = (months) => { const d = new Date(); const m = new Date(d.getFullYear(), d.getMonth() + months + 1, 0); return `${m.getFullYear()}-${p2(m.getMonth() + 1)}-${p2(m.getDate())}`; };

/* A goal's value as its unit shows it. */
function value(g, v) {
  if (v == null) return DASH;
  if (g.unit === 'percent') return `${num(v, 1)} %`;
  if (g.unit === 'level') return `${num(v)} / 5`;
  if (MONEY.has(g.metric)) return money(v, true);
  return num(v, g.metric === 'call_minutes' ? 1 : 0);
}
const metricName = (g) => (g.kind === 'skill' ? t('idp.skill')
  : g.metric === 'funnel_step' ? `${g.from_stage} → ${g.to_stage}` : t(`m.${g.metric}`));
const share = (a, b) => (b ? a / b : null);

/* The plans' rows: a manager, the title, the period, the goals achieved
   and the actions done as bars. */
function PlanRows({ plans, onOpen }) {
  if (!plans.length) return html`<p class="muted" id="idp-empty">${t('idp.none')}</p>`;
  return html`<div class="table-wrap"><table class="grid idp-plans" id="idp-plans">
    <thead><tr><th>${t('idp.manager')}</th><th>${t('idp.title')}</th><th>${t('idp.period')}</th>
      <th>${t('idp.goals.done')}</th><th>${t('idp.actions.done')}</th><th>${t('idp.status')}</th></tr></thead>
    <tbody>${plans.map((p) => html`<tr data-id=${p.id} class=${p.status === 'closed' ? 'muted' : ''}>
      <th scope="row" data-label=${t('idp.manager')}><a href=${`/idp?id=${p.id}`} onClick=${(e) => { e.preventDefault(); onOpen(p.id); }}>${p.user}</a></th>
      <td data-label=${t('idp.title')}>${p.title}</td>
      <td data-label=${t('idp.period')}>${date(p.period_from)} – ${date(p.period_to)}</td>
      <td data-label=${t('idp.goals.done')}><${PctBar} value=${share(p.goals_achieved, p.goals_count)} pace="good" /> <span class="muted small">${p.goals_achieved} / ${p.goals_count}</span></td>
      <td data-label=${t('idp.actions.done')}><${PctBar} value=${share(p.actions_done, p.actions_count)} pace="good" /> <span class="muted small">${p.actions_done} / ${p.actions_count}</span></td>
      <td data-label=${t('idp.status')}>${t(`idp.st.${p.status}`)}</td></tr>`)}</tbody></table></div>`;
}

class PlanForm extends Component {
  constructor(p) {
    super(p);
    this.state = { user: p.managers[0] ? p.managers[0].id : 0, title: t('idp.default.title'), from: today(), to: later(2), busy: false, err: null };
  }
  async save(e) {
    e.preventDefault();
    const s = this.state;
    this.setState({ busy: true, err: null });
    try {
      const p = await api.post('/api/v1/idp', { user_id: Number(s.user), title: s.title, period_from: s.from, period_to: s.to });
      this.props.onSaved(p.id);
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ managers }, s) {
    return html`<form class="card idp-form" id="idp-plan-form" onSubmit=${(e) => this.save(e)}>
      <h2>${t('idp.new')}</h2>
      <label>${t('idp.manager')} <select id="idp-user" value=${s.user} onChange=${(e) => this.setState({ user: e.target.value })}>
        ${managers.map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
      <label>${t('idp.title')} <input id="idp-title" maxlength="200" value=${s.title} onInput=${(e) => this.setState({ title: e.target.value })} /></label>
      <label>${t('idp.from')} <input type="date" id="idp-from" value=${s.from} onChange=${(e) => this.setState({ from: e.target.value })} /></label>
      <label>${t('idp.to')} <input type="date" id="idp-to" value=${s.to} onChange=${(e) => this.setState({ to: e.target.value })} /></label>
      <${FormError} err=${s.err} />
      <button class="btn btn-primary" type="submit" id="idp-plan-save" disabled=${s.busy}>${t('idp.create')}</button></form>`;
  }
}

/* A new goal: a metric (a funnel step: a pipeline's two stages) with its
   target, direction and window, or a skill with its levels. */
class GoalForm extends Component {
  constructor(p) {
    super(p);
    const st = (p.pipelines[0] && p.pipelines[0].stages) || [];
    this.state = { kind: 'metric', title: '', due: later(1), metric: 'calls', pipe: p.pipelines[0] ? p.pipelines[0].id : 0,
      from: st[0] ? st[0].id : 0, to: st[1] ? st[1].id : 0, target: '', direction: 'at_least', window: 'month', days: 30,
      level: '', tlevel: 4, busy: false, err: null };
  }
  async save(e) {
    e.preventDefault();
    const s = this.state;
    const body = { kind: s.kind, title: s.title, due_on: s.due };
    if (s.kind === 'metric') {
      Object.assign(body, { metric: s.metric, target: Number(String(s.target).replace(',', '.')), direction: s.direction, window: s.window });
      if (MONEY.has(s.metric)) body.target = Math.round(body.target * 100);
      if (s.window === 'days') body.window_days = Number(s.days);
      if (s.metric === 'funnel_step') Object.assign(body, { from_stage_id: Number(s.from), to_stage_id: Number(s.to) });
    } else {
      body.target_level = Number(s.tlevel);
      if (s.level) body.level = Number(s.level);
    }
    this.setState({ busy: true, err: null });
    try {
      await api.post(`/api/v1/idp/${this.props.plan}/goals`, body);
      this.props.onSaved();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ pipelines }, s) {
    const pipe = pipelines.find((p) => p.id === Number(s.pipe)) || { stages: [] };
    const set = (k) => (e) => this.setState({ [k]: e.target.value });
    return html`<form class="card idp-form" id="idp-goal-form" onSubmit=${(e) => this.save(e)}>
      <h3>${t('idp.goal.new')}</h3>
      <label>${t('idp.goal.kind')} <select id="idp-goal-kind" value=${s.kind} onChange=${set('kind')}>
        <option value="metric">${t('idp.kind.metric')}</option><option value="skill">${t('idp.kind.skill')}</option></select></label>
      <label>${t('idp.goal.title')} <input id="idp-goal-title" maxlength="200" value=${s.title} onInput=${set('title')} /></label>
      <label>${t('idp.due')} <input type="date" id="idp-goal-due" value=${s.due} onChange=${set('due')} /></label>
      ${s.kind === 'metric' ? html`
        <label>${t('idp.metric')} <select id="idp-goal-metric" value=${s.metric} onChange=${set('metric')}>
          ${METRICS.map((m) => html`<option value=${m}>${m === 'funnel_step' ? t('idp.funnel_step') : t(`m.${m}`)}</option>`)}</select></label>
        ${s.metric === 'funnel_step' ? html`
          <label>${t('idp.pipeline')} <select id="idp-goal-pipe" value=${s.pipe} onChange=${set('pipe')}>
            ${pipelines.map((p) => html`<option value=${p.id}>${p.name}</option>`)}</select></label>
          <label>${t('idp.stage.from')} <select id="idp-goal-from" value=${s.from} onChange=${set('from')}>
            ${pipe.stages.map((x) => html`<option value=${x.id}>${x.name}</option>`)}</select></label>
          <label>${t('idp.stage.to')} <select id="idp-goal-to" value=${s.to} onChange=${set('to')}>
            ${pipe.stages.map((x) => html`<option value=${x.id}>${x.name}</option>`)}</select></label>` : null}
        <label>${t('idp.target')}${s.metric === 'funnel_step' || s.metric === 'conversion' ? ', %' : ''}
          <input id="idp-goal-target" inputmode="decimal" value=${s.target} onInput=${set('target')} /></label>
        <label>${t('idp.direction')} <select id="idp-goal-dir" value=${s.direction} onChange=${set('direction')}>
          <option value="at_least">${t('idp.dir.at_least')}</option><option value="at_most">${t('idp.dir.at_most')}</option></select></label>
        <label>${t('idp.window')} <select id="idp-goal-window" value=${s.window} onChange=${set('window')}>
          <option value="month">${t('idp.win.month')}</option><option value="days">${t('idp.win.days')}</option><option value="plan">${t('idp.win.plan')}</option></select></label>
        ${s.window === 'days' ? html`<label>${t('idp.days')} <input type="number" min="1" max="366" id="idp-goal-days" value=${s.days} onInput=${set('days')} /></label>` : null}`
      : html`
        <label>${t('idp.level')} <select id="idp-goal-level" value=${s.level} onChange=${set('level')}>
          <option value="">${DASH}</option>${[1, 2, 3, 4, 5].map((k) => html`<option value=${k}>${k}</option>`)}</select></label>
        <label>${t('idp.target_level')} <select id="idp-goal-tlevel" value=${s.tlevel} onChange=${set('tlevel')}>
          ${[1, 2, 3, 4, 5].map((k) => html`<option value=${k}>${k}</option>`)}</select></label>`}
      <${FormError} err=${s.err} />
      <button class="btn btn-primary btn-small" type="submit" id="idp-goal-save" disabled=${s.busy}>${t('idp.add')}</button></form>`;
  }
}

class ActionAdd extends Component {
  constructor(p) { super(p); this.state = { text: '', err: null }; }
  async save(e) {
    e.preventDefault();
    try {
      await api.post(`/api/v1/idp/goals/${this.props.goal}/actions`, { text: this.state.text });
      this.setState({ text: '' });
      this.props.onSaved();
    } catch (err) { this.setState({ err }); }
  }
  render(_, s) {
    return html`<form class="idp-action-add" onSubmit=${(e) => this.save(e)}>
      <input class="idp-action-text" maxlength="2000" placeholder=${t('idp.action.new')} aria-label=${t('idp.action.new')}
        value=${s.text} onInput=${(e) => this.setState({ text: e.target.value })} />
      <button class="btn btn-small" type="submit">${t('idp.add')}</button><${FormError} err=${s.err} /></form>`;
  }
}

class CheckinForm extends Component {
  constructor(p) { super(p); this.state = { comment: '', goal: 0, status: '', err: null, busy: false }; }
  async save(e) {
    e.preventDefault();
    const s = this.state;
    const body = { comment: s.comment };
    if (Number(s.goal)) body.goal_id = Number(s.goal);
    if (Number(s.goal) && s.status) body.goal_status = s.status;
    if (this.props.meeting) body.meeting_id = this.props.meeting;
    this.setState({ busy: true, err: null });
    try {
      await api.post(`/api/v1/idp/${this.props.plan}/checkins`, body);
      this.setState({ comment: '', goal: 0, status: '', busy: false });
      this.props.onSaved();
    } catch (err) { this.setState({ err, busy: false }); }
  }
  render({ goals }, s) {
    return html`<form class="idp-form" id="idp-checkin-form" onSubmit=${(e) => this.save(e)}>
      <label>${t('idp.checkin.comment')} <textarea id="idp-checkin-comment" rows="2" maxlength="2000" value=${s.comment}
        onInput=${(e) => this.setState({ comment: e.target.value })}></textarea></label>
      <label>${t('idp.checkin.goal')} <select id="idp-checkin-goal" value=${s.goal} onChange=${(e) => this.setState({ goal: e.target.value })}>
        <option value="0">${t('idp.checkin.plan')}</option>${goals.map((g) => html`<option value=${g.id}>${g.title}</option>`)}</select></label>
      <label>${t('idp.checkin.status')} <select id="idp-checkin-status" value=${s.status} disabled=${!Number(s.goal)} onChange=${(e) => this.setState({ status: e.target.value })}>
        <option value="">${DASH}</option>${STATUSES.map((k) => html`<option value=${k}>${t(`idp.gs.${k}`)}</option>`)}</select></label>
      <${FormError} err=${s.err} />
      <button class="btn btn-primary btn-small" type="submit" id="idp-checkin-save" disabled=${s.busy}>${t('idp.checkin.add')}</button></form>`;
  }
}

/* One plan: goals with their bars and actions, check-ins, the forms. */
export class PlanCard extends Component {
  constructor(p) { super(p); this.state = { n: 0, goalForm: false }; }
  reload() {
    this.setState({ n: this.state.n + 1 });
    if (this.props.onChange) this.props.onChange();
  }
  /* The box stays disabled until the server has the tick; a refusal is shown
     and the reload puts the box back as the server has it. */
  async tick(a) {
    this.setState({ ticking: a.id, tickErr: null });
    try {
      await api.patch(`/api/v1/idp/actions/${a.id}`, { done: !a.done });
    } catch (err) {
      this.setState({ tickErr: err });
    }
    this.setState({ ticking: 0 });
    this.reload();
  }
  render({ id, user, compact, meeting }, s) {
    const rw = lead(user);
    return html`<${Load} deps=${`${id}|${s.n}`} fetch=${() => Promise.all([api.get(`/api/v1/idp/${id}`), rw ? api.get('/api/v1/pipelines').then((r) => r.items) : []])}>${([p, pipelines]) => html`
      <section class="card idp-card" id="idp-card" data-id=${p.id}>
        <header class="idp-card-head"><h2>${p.title}</h2>
          <span class="muted">${p.user} · ${date(p.period_from)} – ${date(p.period_to)} · <span id="idp-card-status">${t(`idp.st.${p.status}`)}</span></span>
          ${rw && !compact ? html`<button class="btn btn-small" id="idp-close" onClick=${() => api.patch(`/api/v1/idp/${p.id}`, { status: p.status === 'active' ? 'closed' : 'active' }).then(() => this.reload())}>
            ${p.status === 'active' ? t('idp.close') : t('idp.reopen')}</button>` : null}</header>
        ${p.goals.length ? null : html`<p class="muted">${t('idp.goals.none')}</p>`}
        <ul class="idp-goals" id="idp-goals">${p.goals.map((g) => html`<li class=${`idp-goal idp-gs-${g.status}`} data-id=${g.id}>
          <div class="idp-goal-head"><strong class="idp-goal-title">${g.title}</strong>
            <span class="muted small">${metricName(g)} · ${t('idp.due.short')} ${date(g.due_on)}${g.overdue ? html` · <span class="idp-overdue">${t('idp.overdue')}</span>` : ''}</span>
            <span class=${`idp-badge idp-gs-${g.status}`}>${t(`idp.gs.${g.status}`)}</span></div>
          <div class="idp-goal-bar">${g.progress == null ? html`<span></span>` : html`<${PctBar} value=${g.progress} pace=${g.met ? 'good' : 'bad'} />`}
            <span class="idp-cur"><span class="idp-current">${value(g, g.current)}</span> / ${g.kind === 'skill' ? value(g, g.target_level) : value(g, g.target)}
            ${g.kind === 'metric' ? html`<span class="muted small"> ${t(`idp.dir.${g.direction}`)} · ${date(g.window_from)} – ${date(g.window_to)}</span>` : null}</span></div>
          <ul class="idp-actions">${g.actions.map((a) => html`<li data-id=${a.id}><label>
            <input type="checkbox" class="idp-tick" checked=${a.done} disabled=${s.ticking === a.id || !(rw || ((user.user_id ?? user.id) === p.user_id && user.role === 'manager'))} onChange=${() => this.tick(a)} />
            <span class=${a.done ? 'idp-done' : ''}>${a.text}</span>${a.due_on ? html` <span class="muted small">${t('idp.due.short')} ${date(a.due_on)}</span>` : null}</label></li>`)}</ul>
          ${rw && !compact ? html`<${ActionAdd} goal=${g.id} onSaved=${() => this.reload()} />` : null}</li>`)}</ul>
        <${FormError} err=${s.tickErr} />
        ${rw && !compact ? (s.goalForm ? html`<${GoalForm} plan=${p.id} pipelines=${pipelines} onSaved=${() => this.setState({ goalForm: false, n: s.n + 1 })} />`
          : html`<button class="btn btn-small" id="idp-goal-new" onClick=${() => this.setState({ goalForm: true })}>${t('idp.goal.new')}</button>`) : null}
        ${compact ? null : html`<h3>${t('idp.checkins')}</h3>
        ${rw ? html`<${CheckinForm} plan=${p.id} goals=${p.goals} meeting=${meeting} onSaved=${() => this.reload()} />` : null}
        ${p.checkins.length ? html`<ul class="idp-checkins" id="idp-checkins">${p.checkins.map((c) => html`<li>
          <span class="muted small">${dateTime(c.at)} · ${c.author || DASH}${c.meeting_id ? ` · ${t('idp.checkin.in_meeting')}` : ''}</span>
          ${c.goal_id ? html` <span class="small">${(p.goals.find((g) => g.id === c.goal_id) || {}).title || ''}${c.goal_status ? ` → ${t(`idp.gs.${c.goal_status}`)}` : ''}</span>` : null}
          <p>${c.comment}</p></li>`)}</ul>` : html`<p class="muted">${t('idp.checkins.none')}</p>`}`}
      </section>`}<//>`;
  }
}

export class Idp extends Component {
  constructor(p) {
    super(p);
    const q = currentQuery();
    this.state = { open: Number(q.get('id')) || 0, form: false, n: 0, status: q.get('status') || 'active' };
  }
  openPlan(id) { this.setState({ open: id, form: false }); setQuery(id ? { id } : {}); }
  async load() {
    const { user } = this.props;
    const [plans, users] = await Promise.all([
      api.get('/api/v1/idp', this.state.status ? { status: this.state.status } : {}).then((r) => r.items),
      lead(user) ? api.get('/api/v1/users').then((r) => r.items.filter((u) => u.active !== false && (u.role === 'manager' || u.role === 'head'))) : [],
    ]);
    return { plans, users };
  }
  render({ title, user }, s) {
    const mgr = user.role === 'manager';
    const rw = lead(user);
    return html`<div class="page idp">
      <header class="page-head"><h1>${mgr ? t('idp.mine') : title}</h1>
        ${mgr ? null : html`<div class="filters">
          <label>${t('idp.status')} <select id="idp-status" value=${s.status} onChange=${(e) => this.setState({ status: e.target.value })}>
            <option value="active">${t('idp.st.active')}</option><option value="closed">${t('idp.st.closed')}</option><option value="">${t('idp.all')}</option></select></label>
          ${rw ? html`<button class="btn btn-primary btn-small" id="idp-new" onClick=${() => this.setState({ form: !s.form })}>${t('idp.new')}</button>` : null}</div>`}</header>
      <p class="subtitle">${mgr ? t('idp.sub.mine') : t('idp.sub')}</p>
      <${Load} deps=${`${s.status}|${s.n}`} fetch=${() => this.load()}>${({ plans, users }) => {
        const open = s.open || (mgr && plans[0] ? plans[0].id : 0);
        return html`
          ${rw && s.form ? html`<${PlanForm} managers=${users} onSaved=${(id) => { this.setState({ form: false, n: s.n + 1 }); this.openPlan(id); }} />` : null}
          ${mgr && plans.length <= 1 ? null : html`<section class="card"><${PlanRows} plans=${plans} onOpen=${(id) => this.openPlan(id)} /></section>`}
          ${mgr && !plans.length ? html`<p class="muted" id="idp-empty">${t('idp.none.mine')}</p>` : null}
          ${open ? html`<${PlanCard} key=${open} id=${open} user=${user} onChange=${() => this.setState({ n: s.n + 1 })} />` : null}`;
      }}<//></div>`;
  }
}

/* The manager card's section: the manager's active plan, goals and
   actions (the whole card at /idp). */
export function IdpSection({ u, user }) {
  return html`<${Load} deps=${u.id} fetch=${() => api.get('/api/v1/idp', { user_id: u.id, status: 'active' })}>${(r) => (r.items.length
    ? html`<${PlanCard} id=${r.items[0].id} user=${user} compact=${true} /><p><a href=${`/idp?id=${r.items[0].id}`}>${t('idp.open')}</a></p>`
    : html`<p class="muted">${t('idp.none.active')}</p>`)}<//>`;
}

/* A one-to-one meeting's block: the manager's active plan, the check-ins
   written here carry the meeting (docs/idp.md). */
export function MeetingIdp({ userId, meetingId, user }) {
  return html`<${Load} deps=${userId} fetch=${() => api.get('/api/v1/idp', { user_id: userId, status: 'active' })}>${(r) => (r.items.length
    ? html`<${PlanCard} id=${r.items[0].id} user=${user} meeting=${meetingId} />`
    : html`<p class="muted" id="idp-none-active">${t('idp.none.active')}</p>`)}<//>`;
}
