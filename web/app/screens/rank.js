// rank.js - the floor's motivation (issue 11, items 4 and 5): «Рейтинг»
// (/leaderboard: the users ranked by a metric's fact or plan pct over a
// day, week, month or range, the department or a team; GET
// /api/v1/reports/leaderboard), «Соревнования» (/competitions: running
// ones with their live standings, upcoming ones, the history with the
// winners, and for the head a form; /api/v1/competitions), the TV mode
// (/tv: full screen, large type, the month's leaderboard and the running
// competitions in turn, refreshed every 60 s) and the block My day shows
// (MyRank). Figures come from the server; ranks are the server's (ties
// share a rank).
import { html, Component } from '../lib.js';
import { api, request } from '../api.js';
import { t, num, pct, date, metricValue, getLang } from '../i18n.js';
import { Load, FormError } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

/* The metrics a board or a competition may rank by (METRICS.md). */
export const RANK_METRICS = ['revenue', 'payments', 'deals_won', 'leads', 'calls', 'call_minutes',
  'meetings', 'avg_check', 'conversion', 'tasks_done', 'tasks_done_on_time', 'tasks_overdue'];

/* The main metric of My day and the TV: revenue, the department's first
   plan (the plan-fact's chart) and known the day a deal is won; payments
   lag behind the wins by weeks. */
export const MAIN_METRIC = 'revenue';

/* Today as the browser's local date (YYYY-MM-DD). */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/* A value of a board: the pct, or the metric in its unit. */
export const rankValue = (metric, isPct, v) => (isPct ? pct(v) : metricValue(metric, v));

/* The standings table: place, name, (team), value; `me` highlighted. */
export function Standings({ id, rows, metric, isPct, me, teams, kind = 'user' }) {
  return html`<div class="table-wrap"><table class="grid rank-table" id=${id}>
    <thead><tr><th class="num">${t('rank.place')}</th><th>${t(kind === 'team' ? 'rank.team' : 'rank.who')}</th>
      ${teams ? html`<th>${t('rank.team')}</th>` : null}
      <th class="num">${t(isPct ? 'rank.pct' : 'rank.value')}</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr class=${me && (r.user_id === me || r.id === me) ? 'me-row' : ''}
        data-rank=${r.rank}>
      <td class="num strong">${r.rank === 1 ? html`<span aria-hidden="true">★ </span>` : null}${num(r.rank)}</td>
      <th scope="row">${r.name}</th>${teams ? html`<td>${r.team || '—'}</td>` : null}
      <td class="num">${rankValue(metric, isPct, r.value)}</td></tr>`)}</tbody></table></div>`;
}

function TeamPick({ value, onChange }) {
  return html`<${Load} deps="teams" fetch=${() => api.get('/api/v1/teams')}>${(d) => html`
    <label>${t('rank.team')} <select id="rank-team" value=${value} onChange=${(e) => onChange(e.target.value)}>
      <option value="">${t('rank.dept')}</option>
      ${(d.items || []).map((x) => html`<option value=${x.name}>${x.name}</option>`)}</select></label>`}<//>`;
}

/* «Рейтинг»: the leaderboard with its pickers, kept in the address. */
export class Leaderboard extends Component {
  constructor(p) {
    super(p);
    const q = currentQuery();
    this.state = { metric: q.get('metric') || MAIN_METRIC, pct: q.get('pct') === '1', kind: q.get('kind') || 'month',
      from: q.get('from') || today().slice(0, 8) + '01', to: q.get('to') || today(), team: q.get('team') || '' };
  }
  set(patch) {
    this.setState(patch, () => {
      const s = this.state;
      setQuery({ metric: s.metric, pct: s.pct ? '1' : '', kind: s.kind, team: s.team,
        from: s.kind === 'range' ? s.from : '', to: s.kind === 'range' ? s.to : '' });
    });
  }
  params() {
    const s = this.state;
    const p = { metric: s.metric, pct: s.pct ? 1 : undefined, team: s.team || undefined };
    if (s.kind === 'range') return { ...p, from: s.from, to: s.to };
    return { ...p, period: s.kind, as_of: today() };
  }
  render({ title, user }, s) {
    const params = this.params();
    const file = (f) => `/api/v1/reports/leaderboard?${new URLSearchParams({ ...JSON.parse(JSON.stringify(params)), format: f, lang: getLang() === 'en' ? 'en' : 'ru' })}`;
    return html`<div class="page" id="leaderboard">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('metric')} <select id="rank-metric" value=${s.metric} onChange=${(e) => this.set({ metric: e.target.value })}>
            ${RANK_METRICS.map((k) => html`<option value=${k}>${t(`m.${k}`)}</option>`)}</select></label>
          <label class="check"><input type="checkbox" id="rank-pct" checked=${s.pct} onChange=${(e) => this.set({ pct: e.target.checked })} /> ${t('rank.bypct')}</label>
          <label>${t('period')} <select id="rank-kind" value=${s.kind} onChange=${(e) => this.set({ kind: e.target.value })}>
            ${['day', 'week', 'month', 'range'].map((k) => html`<option value=${k}>${t(`rank.kind.${k}`)}</option>`)}</select></label>
          ${s.kind === 'range' ? html`
            <label>${t('rank.from')} <input type="date" id="rank-from" value=${s.from} onChange=${(e) => e.target.value && this.set({ from: e.target.value })} /></label>
            <label>${t('rank.to')} <input type="date" id="rank-to" value=${s.to} onChange=${(e) => e.target.value && this.set({ to: e.target.value })} /></label>` : null}
          <${TeamPick} value=${s.team} onChange=${(v) => this.set({ team: v })} />
          <a class="btn btn-small" href=${file('xlsx')} download>${t('export.xlsx')}</a>
          <a class="btn btn-small" href="/tv" id="rank-tv">${t('rank.tv')}</a>
        </div></header>
      <${Load} deps=${JSON.stringify(params)} fetch=${() => api.get('/api/v1/reports/leaderboard', params)}
        isEmpty=${(r) => !r || !r.rows.length} emptyText=${s.pct ? t('rank.noplan') : t('empty')}>${(r) => html`
        <p class="subtitle" id="rank-period">${t('rank.period', { f: date(r.from), t: date(r.to) })}${r.team ? ` · ${r.team}` : ''}</p>
        <section class="card">
          <${Standings} id="rank-table" rows=${r.rows} metric=${r.metric} isPct=${r.pct} me=${user.user_id} teams=${true} />
          <p class="muted small">${t('rank.ties')}</p></section>`}<//>
    </div>`;
  }
}

/* ---- competitions ---- */

const STATUS_ORDER = ['running', 'upcoming', 'finished', 'cancelled'];

function CompCard({ c, canEdit, onCancel, onEdit }) {
  const kind = c.participants_kind === 'teams' ? 'team' : 'user';
  return html`<article class="card comp" data-comp=${c.id} data-status=${c.status}>
    <header class="comp-head"><h3>${c.name}</h3>
      <span class=${`chip comp-${c.status}`}>${t(`comp.status.${c.status}`)}</span></header>
    <p class="muted small">${t(`m.${c.metric}`)}${c.pct ? ` · ${t('rank.bypct')}` : ''} ·
      ${date(c.first_day)} — ${date(c.last_day)} · ${t(kind === 'team' ? 'comp.teams' : 'comp.users')}</p>
    ${c.prize ? html`<p class="comp-prize">${t('comp.prize')}: ${c.prize}</p>` : null}
    ${c.rules ? html`<p class="small">${c.rules}</p>` : null}
    ${c.winners.length ? html`<p class="comp-winners strong">${t('comp.winners', { n: c.winners.length })}: ${c.winners.map((w) => w.name).join(', ')}</p>` : null}
    ${c.standings.length ? html`<${Standings} id=${`comp-${c.id}-table`} rows=${c.standings} metric=${c.metric}
      isPct=${c.pct} kind=${kind} />` : c.status === 'upcoming' ? html`<p class="muted">${t('comp.notyet')}</p>` : null}
    ${canEdit && (c.status === 'running' || c.status === 'upcoming') ? html`<div class="row-actions">
      <button type="button" class="btn btn-small comp-edit" onClick=${() => onEdit(c)}>${t('edit')}</button>
      <button type="button" class="btn btn-small comp-cancel" onClick=${() => onCancel(c)}>${t('comp.cancel')}</button></div>` : null}
  </article>`;
}

/* The head's form: a new competition, or (comp given) a change of one read
   at its version (PATCH with If-Match; a stale one answers 409, shown). */
class CompForm extends Component {
  constructor(p) {
    super(p);
    const d = today();
    const c = p.comp;
    this.state = c
      ? { name: c.name, metric: c.metric, pct: c.pct, teams: c.participants_kind === 'teams', first_day: c.first_day,
        last_day: c.last_day, prize: c.prize || '', rules: c.rules || '', picked: [...c.participants], err: null, busy: false }
      : { name: '', metric: MAIN_METRIC, pct: false, teams: false, first_day: d, last_day: d,
        prize: '', rules: '', picked: [], err: null, busy: false };
  }
  async submit(e) {
    e.preventDefault();
    const s = this.state;
    if (!s.name.trim()) return this.setState({ err: { field: 'name', message: t('form.required') } });
    this.setState({ busy: true, err: null });
    try {
      const body = { name: s.name.trim(), metric: s.metric, pct: s.pct, teams: s.teams,
        first_day: s.first_day, last_day: s.last_day, prize: s.prize, rules: s.rules, participants: s.picked };
      const c = this.props.comp;
      if (c) await api.patchAt(`/api/v1/competitions/${c.id}`, body, c.version);
      else await api.post('/api/v1/competitions', body);
      this.setState({ busy: false, name: '', prize: '', rules: '', picked: [] });
      this.props.onDone();
    } catch (err) { this.setState({ err, busy: false }); }
  }
  toggle(id, on) {
    const picked = this.state.picked.filter((x) => x !== id);
    this.setState({ picked: on ? [...picked, id] : picked });
  }
  render({ comp, onClose }, s) {
    const inp = (k) => (e) => this.setState({ [k]: e.target.value });
    return html`<form class="card comp-form" id=${comp ? `comp-edit-${comp.id}` : 'comp-form'} onSubmit=${(e) => this.submit(e)} novalidate>
      <h2>${comp ? t('comp.edit', { name: comp.name }) : t('comp.new')}</h2>
      <div class="form-grid">
        <label>${t('comp.name')} <input name="name" value=${s.name} onInput=${inp('name')} maxlength="200"
          aria-invalid=${s.err && s.err.field === 'name' ? 'true' : undefined} /></label>
        <label>${t('metric')} <select name="metric" value=${s.metric} onChange=${inp('metric')}>
          ${RANK_METRICS.map((k) => html`<option value=${k}>${t(`m.${k}`)}</option>`)}</select></label>
        <label class="check"><input type="checkbox" name="pct" checked=${s.pct} onChange=${(e) => this.setState({ pct: e.target.checked })} /> ${t('rank.bypct')}</label>
        <label>${t('rank.from')} <input type="date" name="first_day" value=${s.first_day} onChange=${inp('first_day')} /></label>
        <label>${t('rank.to')} <input type="date" name="last_day" value=${s.last_day} onChange=${inp('last_day')} /></label>
        <label class="check"><input type="checkbox" name="teams" checked=${s.teams}
          onChange=${(e) => this.setState({ teams: e.target.checked, picked: [] })} /> ${t('comp.byteams')}</label>
        <label>${t('comp.prize')} <input name="prize" value=${s.prize} onInput=${inp('prize')} maxlength="500" /></label>
        <label class="wide">${t('comp.rules')} <textarea name="rules" rows="2" value=${s.rules} onInput=${inp('rules')} maxlength="5000"></textarea></label>
      </div>
      <fieldset class="comp-who"><legend>${t('comp.who')}</legend>
        <${Load} deps=${s.teams ? 'teams' : 'users'} fetch=${() => api.get(s.teams ? '/api/v1/teams' : '/api/v1/users')}>${(d) => html`
          ${(d.items || []).filter((x) => s.teams || ((x.role === 'manager' || x.role === 'head') && x.active !== false)).map((x) => html`
            <label class="check"><input type="checkbox" name="participant" value=${x.id} checked=${s.picked.includes(x.id)}
              onChange=${(e) => this.toggle(x.id, e.target.checked)} /> ${x.name}</label>`)}`}<//>
        <p class="muted small">${t('comp.who.hint')}</p></fieldset>
      <${FormError} err=${s.err} label=${s.err && s.err.field ? t(`comp.f.${s.err.field}`) : ''} />
      <button class="btn btn-primary" type="submit" disabled=${s.busy}>${t(comp ? 'save' : 'comp.create')}</button>
      ${comp ? html` <button class="btn" type="button" onClick=${onClose}>${t('cancel')}</button>` : null}
    </form>`;
  }
}

/* «Соревнования»: running with live standings, upcoming, the history. */
export class Competitions extends Component {
  constructor(p) { super(p); this.state = { n: 0, editing: null }; }
  async cancel(c) {
    if (!window.confirm(t('comp.cancel.confirm', { name: c.name }))) return;
    try {
      await request('DELETE', `/api/v1/competitions/${c.id}`, undefined, { 'If-Match': `"${c.version}"` });
    } catch (err) { window.alert(err.message); }
    this.setState({ n: this.state.n + 1 });
  }
  render({ title, user }, { n, editing }) {
    const canEdit = user.role === 'head' || user.role === 'admin';
    return html`<div class="page" id="competitions">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters"><a class="btn btn-small" href="/tv">${t('rank.tv')}</a></div></header>
      ${canEdit ? html`<${CompForm} onDone=${() => this.setState({ n: n + 1 })} />` : null}
      <${Load} deps=${n} fetch=${() => api.get('/api/v1/competitions')}
        isEmpty=${(d) => !d.items.length} emptyText=${t('comp.none')}>${(d) => STATUS_ORDER.map((st) => {
          const list = d.items.filter((c) => c.status === st);
          if (!list.length) return null;
          return html`<section class="comp-group" id=${`comp-${st}`}><h2>${t(`comp.group.${st}`)}</h2>
            <div class="comp-list">${list.map((c) => (editing === c.id
              ? html`<${CompForm} key=${`edit-${c.id}-${c.version}`} comp=${c} onClose=${() => this.setState({ editing: null })}
                onDone=${() => this.setState({ editing: null, n: n + 1 })} />`
              : html`<${CompCard} c=${c} canEdit=${canEdit} onCancel=${(x) => this.cancel(x)}
                onEdit=${(x) => this.setState({ editing: x.id })} />`))}</div></section>`;
        })}<//>
    </div>`;
  }
}

/* ---- My day's block ---- */

/* The manager's place on the month's board of the main metric and the
   running competitions they are in, compactly. */
export function MyRank({ user }) {
  const load = () => Promise.all([
    api.get('/api/v1/reports/leaderboard', { metric: MAIN_METRIC, period: 'month', as_of: today() }),
    api.get('/api/v1/competitions', { status: 'running' }),
  ]);
  return html`<section class="card" id="myday-rank"><h2>${t('myday.board')}</h2>
    <${Load} deps=${user.user_id} fetch=${load}>${([lb, comps]) => {
      const me = lb.rows.find((r) => r.user_id === user.user_id);
      const top = lb.rows.filter((r, i) => i < 3 || r.user_id === user.user_id);
      return html`
        <p class="place" id="myday-place">${me ? t('myday.place', { p: me.rank, n: lb.rows.length }) : t('myday.noplace')}</p>
        <ol class="leader">${top.map((r) => html`<li class=${r.user_id === user.user_id ? 'me-row' : ''}>
          <span>${num(r.rank)}. ${r.name}</span><span class="num">${metricValue(lb.metric, r.value)}</span></li>`)}</ol>
        ${comps.items.length ? html`<h3 class="sub">${t('myday.comps')}</h3>
          <ul class="comp-mini" id="myday-comps">${comps.items.map((c) => {
            const mine = c.participants_kind === 'users' ? c.standings.find((r) => r.id === user.user_id) : null;
            const lead = c.standings[0];
            return html`<li data-comp=${c.id}><a href="/competitions">${c.name}</a>:
              ${mine ? t('myday.compplace', { p: mine.rank, n: c.standings.length }) : t('myday.compteam')}
              ${lead ? html`<span class="muted"> · ${t('myday.leader')}: ${lead.name}</span>` : null}</li>`;
          })}</ul>` : null}`;
    }}<//></section>`;
}

/* ---- TV ---- */

const TV_ROTATE_MS = 15000;
const TV_REFRESH_MS = 60000;

/* The sales floor's TV: no sidebar, large type on a dark background; the
   month's leaderboard and each running competition in turn; the data
   refreshed every 60 s. */
export class TV extends Component {
  constructor(p) { super(p); this.state = { data: null, error: null, slide: 0, at: null }; }
  componentDidMount() {
    document.body.classList.add('tv-body');
    this.load();
    this.refresh = setInterval(() => this.load(), TV_REFRESH_MS);
    this.rotate = setInterval(() => this.setState({ slide: this.state.slide + 1 }), TV_ROTATE_MS);
  }
  componentWillUnmount() {
    document.body.classList.remove('tv-body');
    clearInterval(this.refresh);
    clearInterval(this.rotate);
  }
  async load() {
    try {
      const [lb, comps] = await Promise.all([
        api.get('/api/v1/reports/leaderboard', { metric: MAIN_METRIC, period: 'month', as_of: today() }),
        api.get('/api/v1/competitions', { status: 'running' }),
      ]);
      this.setState({ data: { lb, comps: comps.items }, error: null, at: new Date() });
    } catch (error) { this.setState({ error }); }
  }
  render(_, { data, error, slide, at }) {
    if (!data) return html`<div class="tv" id="tv"><p class="tv-wait">${error ? error.message : t('loading')}</p></div>`;
    const slides = [{ kind: 'lb' }, ...data.comps.map((c) => ({ kind: 'comp', c }))];
    const cur = slides[slide % slides.length];
    const rows = cur.kind === 'lb' ? data.lb.rows : cur.c.standings;
    const metric = cur.kind === 'lb' ? data.lb.metric : cur.c.metric;
    const isPct = cur.kind === 'lb' ? data.lb.pct : cur.c.pct;
    return html`<div class="tv" id="tv" data-slide=${cur.kind}>
      <header class="tv-head"><h1 id="tv-title">${cur.kind === 'lb' ? t('tv.month', { m: t(`m.${metric}`) }) : cur.c.name}</h1>
        <p class="tv-sub">${cur.kind === 'lb' ? t('rank.period', { f: date(data.lb.from), t: date(data.lb.to) })
          : html`${date(cur.c.first_day)} — ${date(cur.c.last_day)}${cur.c.prize ? html` · ${t('comp.prize')}: ${cur.c.prize}` : null}`}</p></header>
      <ol class="tv-rows">${rows.slice(0, 10).map((r) => html`<li class=${`tv-row${r.rank === 1 ? ' tv-first' : ''}`}>
        <span class="tv-rank">${num(r.rank)}</span><span class="tv-name">${r.name}</span>
        <span class="tv-value">${rankValue(metric, isPct, r.value)}</span></li>`)}</ol>
      ${rows.length ? null : html`<p class="tv-wait">${t('empty')}</p>`}
      <footer class="tv-foot">${slides.map((_, i) => html`<span class=${`tv-dot${i === slide % slides.length ? ' on' : ''}`}></span>`)}
        <span class="tv-at">${at ? t('tv.updated', { t: at.toLocaleTimeString(getLang() === 'en' ? 'en-GB' : 'ru-RU', { hour: '2-digit', minute: '2-digit' }) }) : ''}</span></footer>
    </div>`;
  }
}
