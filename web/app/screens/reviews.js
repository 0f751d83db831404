// reviews.js - «Разборы звонков» (issue 14, item 5; docs/reviews.md): the
// quality control of calls and meetings. The head (and an admin) scores a
// manager's call or meeting against a checklist of the script's points
// with buttons 0..max per item, writes strengths, mistakes and a comment;
// the screen shows the averages of the period (per manager, per checklist
// item with the three weakest marked, by month) and the reviews, each
// opened in place with its scores. A manager sees their own reviews and
// averages only; a viewer reads. The checklists are kept here too.
// /api/v1/reviews, /api/v1/reviews/summary, /api/v1/review-checklists.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, pct, num, dateTime, monthName, DASH } from '../i18n.js';
import { Load, FormError, lead, nowLocal } from '../ui.js';
import { currentQuery, setQuery, navigate } from '../router.js';

/* 10:00 of next Monday (the browser's calendar), as the API takes a local time. */
function nextMonday() {
  const d = new Date();
  d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T10:00`;
}

const p2 = (x) => String(x).padStart(2, '0');
/* The first day of the month k months from today's, YYYY-MM-DD. */
function monthStart(k) {
  const d = new Date();
  const m = new Date(d.getFullYear(), d.getMonth() + k, 1);
  return `${m.getFullYear()}-${p2(m.getMonth() + 1)}-01`;
}
/* A percent the API gives (66.7) as the screen shows it ("66,7 %"). */
const showPct = (v) => (v == null ? DASH : pct(v / 100));

/* One item of the form: its text and the buttons 0..max (a radio group). */
function ScoreItem({ item, i, value, onPick }) {
  return html`<li class="rv-item" data-pos=${item.position}>
    <span class="rv-item-text" id=${`rv-item-${i}`}>${item.position}. ${item.text}</span>
    <div class="rv-scores" role="radiogroup" aria-labelledby=${`rv-item-${i}`}>
      ${Array.from({ length: item.max_score + 1 }, (_, k) => html`<button type="button" role="radio"
        class=${`btn rv-score${value === k ? ' on' : ''}`} aria-checked=${value === k ? 'true' : 'false'}
        data-score=${k} onClick=${() => onPick(k)}>${k}</button>`)}
    </div></li>`;
}

/* The head's new review: manager, checklist, the activity or a recording
   link, a score per item, strengths, mistakes, comment. */
class ReviewForm extends Component {
  constructor(p) {
    super(p);
    const cl = p.checklists[0];
    this.state = { subject: p.managers[0] ? p.managers[0].id : 0, checklist: cl ? cl.id : 0, kind: 'call',
      activity: 0, url: '', at: nowLocal(), scores: {}, strengths: '', mistakes: '', comment: '',
      acts: [], busy: false, err: null };
  }
  componentDidMount() { this.loadActs(); }
  async loadActs() {
    const { subject } = this.state;
    if (!subject) return;
    try {
      const r = await api.get('/api/v1/activities', { owner_id: subject, sort: '-at', limit: 30 });
      this.setState({ acts: r.items.filter((a) => a.type === 'call' || a.type === 'meeting') });
    } catch { this.setState({ acts: [] }); }
  }
  async save(e, items) {
    e.preventDefault();
    const s = this.state;
    this.setState({ busy: true, err: null });
    try {
      const body = { subject_id: s.subject, checklist_id: s.checklist, kind: s.kind,
        scores: items.map((it) => (s.scores[it.position] === undefined ? null : s.scores[it.position])),
        strengths: s.strengths, mistakes: s.mistakes, comment: s.comment };
      if (s.activity) body.activity_id = s.activity;
      else if (s.at) body.reviewed_at = s.at;
      if (s.url.trim()) body.recording_url = s.url.trim();
      await api.post('/api/v1/reviews', body);
      this.setState({ busy: false });
      this.props.onSaved();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ managers, checklists, onCancel }, s) {
    const cl = checklists.find((c) => c.id === s.checklist);
    const items = cl ? cl.items : [];
    const field = (name, label) => html`<label class="rv-text">${label}
      <textarea id=${`rv-${name}`} name=${name} maxlength="2000" rows="2" value=${s[name]}
        onInput=${(e) => this.setState({ [name]: e.target.value })}></textarea></label>`;
    return html`<form class="card rv-form" id="rv-form" onSubmit=${(e) => this.save(e, items)}>
      <h2>${t('rv.new')}</h2>
      <div class="rv-grid">
        <label>${t('rv.manager')} <select id="rv-subject" value=${s.subject}
          onChange=${(e) => this.setState({ subject: Number(e.target.value), activity: 0 }, () => this.loadActs())}>
          ${managers.map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
        <label>${t('rv.checklist')} <select id="rv-checklist" value=${s.checklist}
          onChange=${(e) => this.setState({ checklist: Number(e.target.value), scores: {} })}>
          ${checklists.map((c) => html`<option value=${c.id}>${c.name}</option>`)}</select></label>
        <label>${t('rv.kind')} <select id="rv-kind" value=${s.kind} onChange=${(e) => this.setState({ kind: e.target.value })}>
          <option value="call">${t('rv.kind.call')}</option><option value="meeting">${t('rv.kind.meeting')}</option></select></label>
        <label>${t('rv.activity')} <select id="rv-activity" value=${s.activity}
          onChange=${(e) => { const id = Number(e.target.value); const a = s.acts.find((x) => x.id === id);
            this.setState({ activity: id, ...(a ? { kind: a.type } : {}) }); }}>
          <option value="0">${t('rv.activity.none')}</option>
          ${s.acts.map((a) => html`<option value=${a.id}>${dateTime(a.at)} · ${t(`rv.kind.${a.type}`)}${a.outcome ? ` · ${a.outcome.slice(0, 40)}` : ''}</option>`)}</select></label>
        <label>${t('rv.url')} <input id="rv-url" type="url" maxlength="2000" placeholder="https://" value=${s.url}
          onInput=${(e) => this.setState({ url: e.target.value })} /></label>
        ${s.activity ? null : html`<label>${t('rv.at')} <input id="rv-at" type="datetime-local" value=${s.at}
          onInput=${(e) => this.setState({ at: e.target.value })} /></label>`}
      </div>
      <p class="muted small">${t('rv.scale')}</p>
      <ol class="rv-items" id="rv-items">${items.map((it, i) => html`<${ScoreItem} item=${it} i=${i} value=${s.scores[it.position]}
        onPick=${(k) => this.setState({ scores: { ...s.scores, [it.position]: k } })} />`)}</ol>
      ${field('strengths', t('rv.strengths'))}${field('mistakes', t('rv.mistakes'))}${field('comment', t('rv.comment'))}
      <${FormError} err=${s.err} />
      <div class="rv-actions"><button class="btn btn-primary" id="rv-save" type="submit" disabled=${s.busy}>${t('rv.save')}</button>
        <button class="btn" type="button" onClick=${onCancel}>${t('rv.cancel')}</button></div>
    </form>`;
  }
}

/* A new checklist: its name and one item a line, each 0..max points. */
class ChecklistForm extends Component {
  constructor(p) { super(p); this.state = { name: '', lines: '', max: 2, busy: false, err: null }; }
  async save(e) {
    e.preventDefault();
    const { name, lines, max } = this.state;
    const items = lines.split('\n').map((l) => l.trim()).filter(Boolean).map((text) => ({ text, max_score: max }));
    this.setState({ busy: true, err: null });
    try {
      await api.post('/api/v1/review-checklists', { name: name.trim(), items });
      this.setState({ name: '', lines: '', busy: false });
      this.props.onSaved();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render(_, { name, lines, max, busy, err }) {
    return html`<form class="rv-clform" id="rv-clform" onSubmit=${(e) => this.save(e)}>
      <label>${t('rv.cl.name')} <input id="rv-cl-name" maxlength="200" value=${name} onInput=${(e) => this.setState({ name: e.target.value })} /></label>
      <label>${t('rv.cl.items')} <textarea id="rv-cl-items" rows="4" value=${lines} onInput=${(e) => this.setState({ lines: e.target.value })}></textarea></label>
      <label>${t('rv.cl.max')} <select id="rv-cl-max" value=${max} onChange=${(e) => this.setState({ max: Number(e.target.value) })}>
        ${[1, 2, 3, 4, 5, 10].map((k) => html`<option value=${k}>${k}</option>`)}</select></label>
      <${FormError} err=${err} />
      <button class="btn btn-small" type="submit" disabled=${busy}>${t('rv.cl.add')}</button></form>`;
  }
}

/* One review opened in place: its scores, strengths, mistakes, comment. */
function ReviewDetail({ id }) {
  return html`<${Load} deps=${id} fetch=${() => api.get(`/api/v1/reviews/${id}`)}>${(r) => html`<div class="rv-detail" id=${`rv-detail-${id}`}>
    <ol class="rv-lines">${r.scores.map((s) => html`<li class=${s.score < s.max_score ? 'rv-miss' : ''}>${s.text}: <strong>${s.score} / ${s.max_score}</strong></li>`)}</ol>
    ${r.recording_url ? html`<p><a href=${r.recording_url} target="_blank" rel="noopener noreferrer">${t('rv.recording')}</a></p>` : null}
    <dl class="rv-notes"><dt>${t('rv.strengths')}</dt><dd class="rv-strengths">${r.strengths || DASH}</dd>
      <dt>${t('rv.mistakes')}</dt><dd class="rv-mistakes">${r.mistakes || DASH}</dd>
      <dt>${t('rv.comment')}</dt><dd class="rv-comment">${r.comment || DASH}</dd></dl></div>`}<//>`;
}

export class Reviews extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { from: q.get('from') || monthStart(-5), to: q.get('to') || monthStart(1),
      user: Number(q.get('user_id')) || 0, checklist: Number(q.get('checklist_id')) || 0,
      form: false, clform: false, open: 0, n: 0 };
  }
  set(patch) {
    this.setState(patch, () => {
      const s = this.state;
      setQuery({ from: s.from, to: s.to, ...(s.user ? { user_id: s.user } : {}), ...(s.checklist ? { checklist_id: s.checklist } : {}) });
    });
  }
  /* «Сделать темой обучения»: a training on the weak point w for the
     managers below the team on it, next Monday at 10:00; then its card. */
  async toTraining(w) {
    this.setState({ trErr: null });
    try {
      const tr = await api.post('/api/v1/trainings/from-reviews', { checklist_id: w.checklist_id, position: w.position,
        from: this.state.from, to: this.state.to, starts_at: nextMonday() });
      navigate(`/trainings?view=week&date=${tr.starts_at.slice(0, 10)}&id=${tr.id}`);
    } catch (err) { this.setState({ trErr: err }); }
  }
  async load() {
    const { user } = this.props;
    const s = this.state;
    const q = { from: s.from, to: s.to, ...(s.user ? { user_id: s.user } : {}) };
    const [checklists, users, summary, list] = await Promise.all([
      api.get('/api/v1/review-checklists').then((r) => r.items),
      user.role === 'manager' ? [] : api.get('/api/v1/users').then((r) => r.items.filter((u) => u.active !== false && (u.role === 'manager' || u.role === 'head'))),
      api.get('/api/v1/reviews/summary', q),
      api.get('/api/v1/reviews', { ...q, ...(s.checklist ? { checklist_id: s.checklist } : {}) }).then((r) => r.items),
    ]);
    return { checklists, users, summary, list };
  }
  render({ title, user }, s) {
    const rw = lead(user);
    const mgr = user.role === 'manager';
    return html`<div class="page reviews">
      <header class="page-head"><h1>${title}</h1>
        <div class="filters">
          <label>${t('rv.from')} <input type="date" id="rv-from" value=${s.from} onChange=${(e) => e.target.value && this.set({ from: e.target.value })} /></label>
          <label>${t('rv.to')} <input type="date" id="rv-to" value=${s.to} onChange=${(e) => e.target.value && this.set({ to: e.target.value })} /></label>
        </div></header>
      <p class="subtitle">${mgr ? t('rv.mine') : t('rv.sub')}</p>
      <${Load} deps=${`${s.from}|${s.to}|${s.user}|${s.checklist}|${s.n}`} fetch=${() => this.load()}>${({ checklists, users, summary, list }) => {
        const active = checklists.filter((c) => !c.archived);
        const weakest = summary.weakest.filter((w) => w.avg_pct < 100);
        const weak = new Set(weakest.map((w) => `${w.checklist_id}:${w.position}`));
        return html`
        ${mgr ? null : html`<div class="filters rv-filters">
          <label>${t('rv.manager')} <select id="rv-user" value=${s.user} onChange=${(e) => this.set({ user: Number(e.target.value) })}>
            <option value="0">${t('rv.everyone')}</option>${users.map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
          <label>${t('rv.checklist')} <select id="rv-filter-checklist" value=${s.checklist} onChange=${(e) => this.set({ checklist: Number(e.target.value) })}>
            <option value="0">${t('rv.all')}</option>${checklists.map((c) => html`<option value=${c.id}>${c.name}</option>`)}</select></label>
          ${rw ? html`<button class="btn btn-primary btn-small" id="rv-new" disabled=${!active.length || !users.length}
            onClick=${() => this.setState({ form: !s.form })}>${t('rv.new')}</button>` : null}
        </div>`}
        ${rw && s.form && active.length ? html`<${ReviewForm} managers=${users} checklists=${active}
          onCancel=${() => this.setState({ form: false })} onSaved=${() => this.setState({ form: false, n: s.n + 1 })} />` : null}
        ${rw && !active.length ? html`<p class="muted" id="rv-no-checklist">${t('rv.cl.none')}</p>` : null}
        <div class="kpis" id="rv-kpis">
          <div class="kpi"><div class="kpi-label">${t('rv.count')}</div><div class="kpi-value" id="rv-count">${num(summary.count)}</div></div>
          <div class="kpi"><div class="kpi-label">${t('rv.avg')}</div><div class="kpi-value" id="rv-avg">${summary.count ? showPct(summary.avg_pct) : DASH}</div></div>
        </div>
        ${weakest.length ? html`<section class="card rv-weak" id="rv-weakest"><h2>${t(mgr ? 'rv.weakest.mine' : 'rv.weakest')}</h2>
          <ol>${weakest.map((w) => html`<li data-pos=${w.position}>${w.text} <span class="muted small">(${w.checklist})</span> — <strong>${showPct(w.avg_pct)}</strong>
            ${rw ? html` <button type="button" class="btn btn-small rv-to-training no-print" onClick=${() => this.toTraining(w)}>${t('rv.to.training')}</button>` : null}</li>`)}</ol>
          <${FormError} err=${s.trErr} name=${(f) => t(`rv.f.${f}`)} /></section>` : null}
          <section class="card rv-items-card"><h2>${t('rv.by.item')}</h2>
            <div class="table-wrap"><table class="grid" id="rv-items-avg">
              <thead><tr><th>${t('rv.item')}</th><th class="num">${t('rv.avg.score')}</th><th class="num">${t('rv.avg.short')}</th></tr></thead>
              <tbody>${summary.items.map((it) => html`<tr class=${weak.has(`${it.checklist_id}:${it.position}`) ? 'rv-weak-row' : ''}>
                <th scope="row">${it.position}. ${it.text}${weak.has(`${it.checklist_id}:${it.position}`) ? html` <span class="rv-flag">${t('rv.weak')}</span>` : null}</th>
                <td class="num">${num(it.avg_score, 1)} / ${it.max_score}</td><td class="num">${showPct(it.avg_pct)}</td></tr>`)}</tbody>
            </table></div></section>
        <div class="rv-two">
          ${mgr ? null : html`<section class="card"><h2>${t('rv.by.manager')}</h2>
            <div class="table-wrap"><table class="grid" id="rv-managers">
              <thead><tr><th>${t('rv.manager')}</th><th class="num">${t('rv.count')}</th><th class="num">${t('rv.avg.short')}</th></tr></thead>
              <tbody>${summary.managers.map((m) => html`<tr><th scope="row">${m.name}</th><td class="num">${num(m.count)}</td><td class="num">${showPct(m.avg_pct)}</td></tr>`)}</tbody>
            </table></div></section>`}
          <section class="card"><h2>${t('rv.by.month')}</h2>
            <div class="table-wrap"><table class="grid" id="rv-months">
              <thead><tr><th>${t('rv.month')}</th><th class="num">${t('rv.count')}</th><th class="num">${t('rv.avg.short')}</th></tr></thead>
              <tbody>${summary.months.map((m) => html`<tr><th scope="row" data-month=${m.month}>${monthName(`${m.month}-01`)}</th><td class="num">${num(m.count)}</td><td class="num">${showPct(m.avg_pct)}</td></tr>`)}</tbody>
            </table></div></section>
        </div>
        <section class="card"><h2>${t('rv.list')}</h2>
          ${list.length === 0 ? html`<p class="muted" id="rv-empty">${t('rv.none')}</p>` : html`<ul class="rv-list" id="rv-list">
            ${list.map((r) => html`<li class="rv-row" data-id=${r.id}><div class="rv-head">
              <button type="button" class="rv-open" aria-expanded=${s.open === r.id ? 'true' : 'false'}
                onClick=${() => this.setState({ open: s.open === r.id ? 0 : r.id })}>
                <span class="rv-when">${dateTime(r.reviewed_at)}</span>
                <span class="rv-who">${r.subject}</span>
                <span class="muted small">${t(`rv.kind.${r.kind}`)} · ${r.checklist}</span>
                <strong class="rv-pct">${showPct(r.pct)}</strong>
                <span class="muted small">${r.score} / ${r.max_score}</span></button>
              ${rw ? html`<button type="button" class="btn btn-small no-print" aria-label=${t('rv.delete')} title=${t('rv.delete')}
                onClick=${() => api.del(`/api/v1/reviews/${r.id}`).then(() => this.setState({ n: s.n + 1 }))}>×</button>` : null}</div>
              ${s.open === r.id ? html`<${ReviewDetail} id=${r.id} />` : null}</li>`)}</ul>`}
        </section>
        ${mgr ? null : html`<section class="card" id="rv-checklists"><h2>${t('rv.checklists')}</h2>
          ${checklists.map((c) => html`<details class="rv-cl"><summary>${c.name}${c.archived ? ` (${t('rv.cl.archived')})` : ''}
            <span class="muted small"> · ${t('rv.cl.count', { n: c.items.length })}</span></summary>
            <ol>${c.items.map((it) => html`<li>${it.text} <span class="muted small">0..${it.max_score}</span></li>`)}</ol></details>`)}
          ${rw ? (s.clform ? html`<${ChecklistForm} onSaved=${() => this.setState({ clform: false, n: s.n + 1 })} />`
            : html`<button class="btn btn-small" id="rv-cl-new" onClick=${() => this.setState({ clform: true })}>${t('rv.cl.new')}</button>`) : null}
        </section>`}`;
      }}<//></div>`;
  }
}
