// director.js - «Отчёт директору» (issue 11, item 7): the head's one-page
// summary of a month or a week for their own manager, on screen, printed
// on one A4 page (landscape, the app's @page) and as XLSX: plan vs fact
// with the run-rate forecast, the best and the lagging managers by plan,
// the funnel's steps against the previous period and the bottlenecks, CRM
// hygiene, meetings, promises and competitions (each «Нет данных» until
// its part fills it), and the head's own text for the next period.
// GET /api/v1/reports/director, PUT /api/v1/reports/director/notes
// (docs/reports.md, "The report to the director").
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, num, pct, date, getLang, metricValue } from '../i18n.js';
import { Load, FormError } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

const NOTE_MAX = 1000;

function today() {
  const d = new Date();
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/* A change in percentage points: -0.109 -> "−10,9 п. п.". */
function pp(v) {
  if (v == null) return '—';
  return t('dir.pp', { v: num(v * 100, 1) });
}

function Unavailable() {
  return html`<p class="muted dir-na">${t('empty')}</p>`;
}

function Note({ rep, user, onSaved }) {
  return html`<${NoteEdit} key=${`${rep.period}${rep.from}`} rep=${rep} rw=${user.role === 'admin' || user.role === 'head'} onSaved=${onSaved} />`;
}

class NoteEdit extends Component {
  constructor(p) { super(p); this.state = { text: p.rep.note.text, busy: false, err: null, saved: false }; }
  async save() {
    const { rep } = this.props;
    this.setState({ busy: true, err: null, saved: false });
    try {
      await api.put('/api/v1/reports/director/notes', { period: rep.period, date: rep.from, text: this.state.text });
      this.setState({ busy: false, saved: true });
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ rep, rw }, { text, busy, err, saved }) {
    const head = rep.period === 'week' ? t('dir.note.week') : t('dir.note.month');
    return html`<section class="card dir-note"><h2>${head}</h2>
      ${rw ? html`<div class="no-print">
          <textarea id="dir-note" rows="3" maxlength=${NOTE_MAX} aria-label=${head} value=${text}
            onInput=${(e) => this.setState({ text: e.target.value, saved: false })}></textarea>
          <div class="dir-note-bar"><button class="btn btn-small" id="dir-note-save" disabled=${busy}
            onClick=${() => this.save()}>${t('dir.note.save')}</button>
            <span class="muted small">${num([...text].length)} / ${num(NOTE_MAX)}</span>
            ${saved ? html`<span class="muted small" role="status">${t('dir.note.saved')}</span>` : null}</div>
          <${FormError} err=${err} label=${head} /></div>
        <p class="print-only dir-note-text">${text || '—'}</p>`
        : html`<p class="dir-note-text">${text || '—'}</p>`}
    </section>`;
  }
}

function PlanFact({ rep }) {
  if (!rep.plan_fact.length) return html`<p class="muted">${t('dir.noplan')}</p>`;
  return html`<div class="table-wrap"><table class="grid compact" id="dir-pf"><thead><tr><th>${t('metric')}</th><th class="num">${t('plan')}</th>
    <th class="num">${t('fact')}</th><th class="num">${t('pct')}</th><th class="num">${t('forecast')}</th></tr></thead>
    <tbody>${rep.plan_fact.map((r) => html`<tr><th scope="row">${t(`m.${r.metric}`)}</th>
      <td class="num">${metricValue(r.metric, r.plan)}</td><td class="num strong">${metricValue(r.metric, r.fact)}</td>
      <td class="num">${pct(r.pct)}</td><td class="num">${metricValue(r.metric, r.forecast)}</td></tr>`)}</tbody></table></div>`;
}

function Ranking({ rep }) {
  const r = rep.ranking;
  if (!r.metric) return html`<p class="muted">${t('dir.noplan')}</p>`;
  const list = (rows, id) => (rows.length ? html`<ol class="dir-rank" id=${id}>${rows.map((x) => html`<li>
    <span>${x.name}</span><span class="num">${pct(x.pct)}</span></li>`)}</ol>` : html`<p class="muted">—</p>`);
  return html`<p class="muted small">${t('dir.rank.by', { m: t(`m.${r.metric}`) })}</p>
    <div class="dir-two"><div><h3 class="sub">${t('dir.top')}</h3>${list(r.top, 'dir-top')}</div>
      <div><h3 class="sub">${t('dir.bottom')}</h3>${list(r.bottom, 'dir-bottom')}</div></div>`;
}

function Funnel({ rep }) {
  const f = rep.funnel;
  const step = (s) => `${s.from} → ${s.to ?? t('dir.won')}`;
  if (!f.steps.length) return html`<p class="muted">${t('empty')}</p>`;
  return html`<div class="table-wrap"><table class="grid compact" id="dir-funnel"><thead><tr><th>${t('dir.step')}</th>
      <th class="num">${t('dir.conv')}</th><th class="num">${t('dir.prev')}</th><th class="num">${t('dir.change')}</th></tr></thead>
    <tbody>${f.steps.map((s) => html`<tr class=${s.change < 0 ? 'dir-drop' : ''}><th scope="row">${step(s)}</th>
      <td class="num">${pct(s.conv)}</td><td class="num">${pct(s.prev_conv)}</td><td class="num">${pp(s.change)}</td></tr>`)}</tbody></table></div>
    <p class="small" id="dir-drops"><strong>${t('dir.drops')}:</strong> ${f.dropped_most.length
      ? f.dropped_most.map((s) => `${step(s)} (${pp(s.change)})`).join('; ') : t('dir.nodrops')}</p>
    <p class="small" id="dir-necks"><strong>${t('dir.necks')}:</strong> ${f.bottlenecks.length
      ? f.bottlenecks.map((b) => `${b.name}: ${step(b)}`).join('; ') : t('dir.nonecks')}</p>`;
}

function Hygiene({ rep }) {
  const h = rep.hygiene;
  return html`<p class="dir-score" id="dir-hygiene"><strong>${pct(h.score)}</strong></p>
    <p class="small">${t('dir.hyg', { o: num(h.open_deals), t: num(h.overdue_tasks), n: num(h.no_next_task), s: num(h.stale) })}</p>`;
}

function Meetings({ rep }) {
  const m = rep.meetings;
  if (!m.available) return html`<${Unavailable} />`;
  return html`<p>${t('dir.meetings', { h: num(m.held), p: num(m.planned), a: pct(m.attendance_pct) })}</p>`;
}

function Promises({ rep }) {
  const p = rep.promises;
  if (!p.available) return html`<${Unavailable} />`;
  return html`<p>${t('dir.promises', { k: num(p.kept), b: num(p.broken), o: num(p.open), p: pct(p.kept_pct) })}</p>`;
}

function Competitions({ rep }) {
  const c = rep.competitions;
  if (!Array.isArray(c)) return html`<${Unavailable} />`;
  if (!c.length) return html`<p class="muted">—</p>`;
  return html`<ul class="dir-list">${c.map((x) => html`<li>${x.name} (${t(`comp.status.${x.status}`)}): ${x.winner ?? '—'}</li>`)}</ul>`;
}

export class Director extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { period: q.get('period') === 'week' ? 'week' : 'month', date: q.get('date') || today() };
  }
  set(patch) { this.setState(patch, () => setQuery({ period: this.state.period, date: this.state.date })); }
  render({ title, user }, { period, date: d }) {
    const params = { period, date: d };
    const file = `/api/v1/reports/director?${new URLSearchParams({ ...params, format: 'xlsx', lang: getLang() === 'en' ? 'en' : 'ru' })}`;
    return html`<div class="page director">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <div class="seg" role="group" aria-label=${t('period')}>
            ${['month', 'week'].map((p) => html`<button class=${`btn btn-small${period === p ? ' on' : ''}`} aria-pressed=${period === p}
              id=${`dir-${p}`} onClick=${() => this.set({ period: p })}>${t(`dir.${p}`)}</button>`)}</div>
          <label>${t('dir.date')} <input type="date" id="dir-date" value=${d} onChange=${(e) => e.target.value && this.set({ date: e.target.value })} /></label>
          <button class="btn btn-small" id="dir-print" onClick=${() => window.print()}>${t('dir.print')}</button>
          <a class="btn btn-small" href=${file} download id="dir-xlsx">${t('export.xlsx')}</a>
        </div></header>
      <${Load} deps=${`${period}|${d}`} fetch=${() => api.get('/api/v1/reports/director', params)}>${(rep) => html`
        <p class="subtitle" id="dir-period">${t(period === 'week' ? 'dir.sub.week' : 'dir.sub.month', { f: date(rep.from), t: date(rep.to), pf: date(rep.prev.from), pt: date(rep.prev.to) })}</p>
        <div class="dir-grid">
          <section class="card dir-pf"><h2>${t('dir.pf')}</h2><${PlanFact} rep=${rep} />
            <p class="muted small">${t('dir.forecast', { e: rep.elapsed_wd, t: rep.total_wd })}</p></section>
          <section class="card"><h2>${t('dir.rank')}</h2><${Ranking} rep=${rep} /></section>
          <section class="card dir-funnel"><h2>${t('dir.funnel')}</h2><${Funnel} rep=${rep} /></section>
          <section class="card"><h2>${t('nav.hygiene')}</h2><${Hygiene} rep=${rep} /></section>
          <section class="card"><h2>${t('dir.meet')}</h2><${Meetings} rep=${rep} /></section>
          <section class="card"><h2>${t('dir.prom')}</h2><${Promises} rep=${rep} /></section>
          <section class="card"><h2>${t('dir.comp')}</h2><${Competitions} rep=${rep} /></section>
          <${Note} rep=${rep} user=${user} />
        </div>`}<//>
    </div>`;
  }
}
