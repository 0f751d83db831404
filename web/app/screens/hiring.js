// hiring.js - «Найм» (issue 14, item 1; docs/hiring.md): the candidates'
// board, a column per stage (отклик .. вышел, отказ) like the deals' board:
// cards with the name, vacancy, source and days in the stage, dragged to
// another column or moved by their menu (отказ asks for its reason); a
// vacancy filter; the candidate's panel (details, notes, the CV, the
// interview scorecard 1..5 per criterion, the final interview for the
// head, «Нанять» with e-mail, role and team); the summary (time to hire,
// conversion by stage and by source). The admin's and the head's screen.
import { html, Component } from '../lib.js';
import { api, ApiError, uploadFile } from '../api.js';
import { t, num, pct, date } from '../i18n.js';
import { Spinner, ErrorBox, Empty, FormError, MiniForm } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

export const STAGES = ['response', 'screening', 'interview', 'final', 'offer', 'hired', 'rejected'];
const stageName = (s) => t(`hire.stage.${s}`);

function Card({ c, onMove, onOpen, onDrag }) {
  const hired = c.stage === 'hired';
  return html`<article class="deal-card cand-card" draggable=${hired ? 'false' : 'true'} data-cand=${c.id}
    onDragStart=${(e) => { e.dataTransfer.setData('text/plain', String(c.id)); e.dataTransfer.effectAllowed = 'move'; onDrag(c.id); }}
    onDragEnd=${() => onDrag(null)}>
    <div class="deal-top"><button class="link-btn deal-title cand-open" onClick=${() => onOpen(c.id)}>${c.name}</button></div>
    <div class="deal-client">${c.vacancy}</div>
    <div class="deal-meta"><span>${c.source || html`<span class="muted">${t('hire.nosource')}</span>`}</span>
      <span class="muted days">${t('board.daysin', { d: num(c.days_in_stage) })}</span></div>
    ${c.stage === 'rejected' && c.reject_reason ? html`<div class="muted small">${c.reject_reason}</div>` : null}
    ${hired ? null : html`<div class="cand-actions">
      <label class="sr-only" for=${`cmv-${c.id}`}>${t('board.moveto')}</label>
      <select id=${`cmv-${c.id}`} class="mini cand-move" value=${c.stage} onChange=${(e) => onMove(c.id, e.target.value)}>
        ${STAGES.filter((s) => s !== 'hired').map((s) => html`<option value=${s}>${stageName(s)}</option>`)}</select></div>`}
  </article>`;
}

/* The reason of a rejection, asked before the move. */
class RejectDialog extends Component {
  constructor(p) { super(p); this.state = { reason: '', err: null, busy: false }; }
  async submit(e) {
    e.preventDefault();
    if (!this.state.reason.trim()) return this.setState({ err: { field: 'reason', message: t('form.required') } });
    this.setState({ busy: true, err: null });
    try { await this.props.onConfirm(this.state.reason.trim()); } catch (err) { this.setState({ err, busy: false }); }
  }
  render({ cand, onCancel }, { reason, err, busy }) {
    return html`<div class="dialog-back"><form class="dialog" id="reject-dialog" onSubmit=${(e) => this.submit(e)} novalidate>
      <h2>${t('hire.reject.title', { name: cand.name })}</h2>
      <label>${t('hire.reason')}<textarea id="reject-reason" rows="3" value=${reason}
        aria-invalid=${err && err.field === 'reason' ? 'true' : undefined}
        ref=${(el) => el && !this.focused && (this.focused = true, el.focus())}
        onInput=${(e) => this.setState({ reason: e.target.value })}></textarea></label>
      <${FormError} err=${err} label=${t('hire.reason')} />
      <div class="form-actions"><button class="btn btn-primary" id="reject-ok" disabled=${busy}>${t('hire.reject')}</button>
        <button type="button" class="btn" onClick=${onCancel}>${t('cancel')}</button></div></form></div>`;
  }
}

/* A scorecard of kind: 1..5 and a comment per active criterion. */
class Scorecard extends Component {
  constructor(p) {
    super(p);
    const mine = {};
    for (const s of p.scores.filter((x) => x.kind === p.kind && x.user_id === p.user.user_id))
      mine[s.criterion_id] = { score: String(s.score), comment: s.comment };
    this.state = { v: mine, err: null, busy: false, saved: false };
  }
  set(id, patch) { this.setState({ v: { ...this.state.v, [id]: { score: '', comment: '', ...this.state.v[id], ...patch } }, saved: false }); }
  async submit(e) {
    e.preventDefault();
    const { criteria, kind, cand } = this.props;
    const scores = criteria.map((c) => ({ criterion_id: c.id, score: Number((this.state.v[c.id] || {}).score || 0),
      comment: ((this.state.v[c.id] || {}).comment || '').trim() || null }));
    const missing = criteria.find((c, i) => !scores[i].score);
    if (missing) return this.setState({ err: { field: 'scores', message: t('hire.score.missing', { name: missing.name }) } });
    this.setState({ busy: true, err: null });
    try {
      await api.post(`/api/v1/candidates/${cand.id}/scores`, { kind, scores });
      this.setState({ busy: false, saved: true });
      this.props.onSaved();
    } catch (err) { this.setState({ err, busy: false }); }
  }
  render({ criteria, kind, id }, { v, err, busy, saved }) {
    return html`<form class="scorecard" id=${id} onSubmit=${(e) => this.submit(e)} novalidate>
      ${criteria.map((c) => html`<div class="score-row" data-criterion=${c.id}>
        <span class="score-name">${c.name}</span>
        <select class="score-val" aria-label=${c.name} value=${(v[c.id] || {}).score || ''}
          onChange=${(e) => this.set(c.id, { score: e.target.value })}>
          <option value="">—</option>${[1, 2, 3, 4, 5].map((n) => html`<option value=${String(n)}>${n}</option>`)}</select>
        <input class="score-comment" aria-label=${t('hire.comment')} placeholder=${t('hire.comment')}
          value=${(v[c.id] || {}).comment || ''} onInput=${(e) => this.set(c.id, { comment: e.target.value })} /></div>`)}
      <div class="form-actions"><button class="btn btn-primary btn-small" disabled=${busy}>
        ${t(kind === 'final' ? 'hire.score.final.save' : 'hire.score.save')}</button>
        ${saved ? html`<span class="muted small" role="status">${t('hire.saved')}</span>` : null}</div>
      <${FormError} err=${err} label=${t('hire.scores')} /></form>`;
  }
}

/* One candidate: details, notes, CV, scorecards, the hire. */
class Panel extends Component {
  constructor(p) { super(p); this.state = { c: null, scores: null, error: null, cvErr: null, busy: false, hired: null }; }
  componentDidMount() { this.load(); }
  async load() {
    try {
      const [c, scores, users] = await Promise.all([api.get(`/api/v1/candidates/${this.props.id}`),
        api.get(`/api/v1/candidates/${this.props.id}/scores`), api.get('/api/v1/users')]);
      // the onboarding's mentor: an active manager or head (docs/onboarding.md)
      const mentors = users.items.filter((u) => u.active !== false && (u.role === 'manager' || u.role === 'head'));
      this.setState({ c, scores, mentors, error: null });
    } catch (error) { this.setState({ error }); }
  }
  async upload(e) {
    const f = e.target.files && e.target.files[0];
    if (!f) return;
    this.setState({ cvErr: null, busy: true });
    try {
      const c = await uploadFile('PUT', `/api/v1/candidates/${this.props.id}/cv?filename=${encodeURIComponent(f.name)}`, f);
      this.setState({ c, busy: false });
      this.props.onChanged(c);
    } catch (cvErr) { this.setState({ cvErr, busy: false }); }
    e.target.value = '';
  }
  render({ user, criteria, vacancies, onClose, onChanged }, { c, scores, mentors, error, cvErr, busy, hired }) {
    const lead = user.role === 'admin' || user.role === 'head';
    if (error) return html`<aside class="cand-panel" id="cand-panel"><${ErrorBox} error=${error} /></aside>`;
    if (!c) return html`<aside class="cand-panel" id="cand-panel"><${Spinner} /></aside>`;
    const active = criteria.filter((x) => !x.archived);
    const vac = vacancies.find((v) => v.id === c.vacancy_id);
    const avg = (k) => (scores[k] == null ? '—' : scores[k].toFixed(1).replace('.', ','));
    return html`<aside class="cand-panel" id="cand-panel" aria-label=${c.name}>
      <header class="cand-head"><h2>${c.name}</h2>
        <button class="btn btn-small" id="cand-close" onClick=${onClose}>${t('hire.close')}</button></header>
      <p><span class="badge" id="cand-stage">${stageName(c.stage)}</span> ${c.vacancy}
        ${c.stage === 'rejected' && c.reject_reason ? html`<br /><span class="muted">${t('hire.reason')}: ${c.reject_reason}</span>` : null}
        ${c.start_date ? html`<br />${t('hire.start')}: ${date(c.start_date)}` : null}</p>
      <section><h3>${t('hire.details')}</h3>
        <${MiniForm} id="cand-details" submit=${t('save')} fields=${[
          { name: 'email', label: t('hire.email'), value: c.email || '', keep: true },
          { name: 'phone', label: t('hire.phone'), value: c.phone || '', keep: true },
          { name: 'source', label: t('hire.source'), value: c.source || '', keep: true, list: 'hire-sources' },
          { name: 'notes', label: t('hire.notes'), type: 'textarea', value: c.notes || '', keep: true, wide: true }]}
          onSubmit=${async (v) => { const x = await api.patch(`/api/v1/candidates/${c.id}`, v); this.setState({ c: x }); onChanged(x); }} /></section>
      <section><h3>${t('hire.cv')}</h3>
        ${c.cv ? html`<p><a id="cv-download" href=${`/api/v1/candidates/${c.id}/cv`} download=${c.cv.name}>${c.cv.name}</a>
          <span class="muted small"> ${num(Math.ceil(c.cv.size / 1024))} ${t('hire.kb')}</span></p>` : html`<p class="muted">${t('hire.nocv')}</p>`}
        <label class="btn btn-small file-btn">${t(c.cv ? 'hire.cv.replace' : 'hire.cv.upload')}
          <input type="file" id="cv-file" class="sr-only" accept=".pdf,.doc,.docx,.rtf,.txt" disabled=${busy} onChange=${(e) => this.upload(e)} /></label>
        <p class="muted small">${t('hire.cv.kinds')}</p>
        <${FormError} err=${cvErr} label=${t('hire.cv')} /></section>
      <section><h3>${t('hire.score.interview')} <span class="muted small">${t('hire.avg')}: <span id="avg-interview">${avg('interview')}</span></span></h3>
        <${Scorecard} key=${`i${scores.items.length}`} id="score-interview" kind="interview" cand=${c} user=${user} criteria=${active}
          scores=${scores.items} onSaved=${() => this.load()} /></section>
      ${lead ? html`<section class="final-block"><h3>${t('hire.score.final')} <span class="muted small">${t('hire.avg')}: <span id="avg-final">${avg('final')}</span></span></h3>
        <${Scorecard} key=${`f${scores.items.length}`} id="score-final" kind="final" cand=${c} user=${user} criteria=${active}
          scores=${scores.items} onSaved=${() => this.load()} /></section>` : null}
      ${c.stage === 'hired' ? html`<p class="notice" id="hired-note">${t('hire.hired', { id: c.hired_user_id })}</p>
        ${hired ? html`<p class="notice" role="status" id="hire-password">${t('hire.password', { pw: hired.password })}</p>` : null}
        ${hired && hired.onboarding_id ? html`<p><a id="hire-onboarding" href=${`/onboarding?plan=${hired.onboarding_id}`}>${t('hire.onboarding')}</a></p>` : null}`
        : c.stage === 'rejected' ? null
        : html`<section><h3>${t('hire.hire')}</h3>
        ${hired ? html`<p class="notice" role="status">${t('hire.password', { pw: hired.password })}</p>` : null}
        <${MiniForm} id="hire-form" submit=${t('hire.hire')} fields=${[
          { name: 'email', label: t('hire.email'), value: c.email || '', required: true },
          { name: 'role', label: t('hire.role'), value: 'manager', options: [['manager', t('role.manager')], ['head', t('role.head')]] },
          { name: 'team', label: t('hire.team'), value: (vac && vac.team) || '' },
          { name: 'start_date', label: t('hire.start'), type: 'date', value: '' },
          { name: 'mentor_id', label: t('hire.mentor'), value: '',
            options: [['', t('hire.mentor.none')], ...(mentors || []).map((u) => [String(u.id), u.name])] }]}
          onSubmit=${async (v) => {
            const r = await api.post(`/api/v1/candidates/${c.id}/hire`, { ...v, team: v.team || null,
              start_date: v.start_date || null, mentor_id: v.mentor_id ? Number(v.mentor_id) : null });
            this.setState({ hired: r });
            await this.load();
            onChanged(this.state.c);
          }} /></section>`}
    </aside>`;
  }
}

function Summary({ s }) {
  const days = (x) => (x.hires ? x.median_days.toFixed(1).replace('.', ',') : '—');
  const avg = (x) => (x.hires ? x.average_days.toFixed(1).replace('.', ',') : '—');
  return html`<section class="hire-summary" id="hire-summary"><h2>${t('hire.summary')}</h2>
    <div class="hire-tth"><div><span class="muted">${t('hire.tth.median')}</span> <strong id="tth-median">${days(s.time_to_hire)}</strong> ${t('hire.days')}</div>
      <div><span class="muted">${t('hire.tth.avg')}</span> <strong id="tth-avg">${avg(s.time_to_hire)}</strong> ${t('hire.days')}</div>
      <div><span class="muted">${t('hire.hires')}</span> <strong id="tth-hires">${num(s.time_to_hire.hires)}</strong></div></div>
    <div class="hire-tables">
    <div class="table-wrap"><table class="grid" id="hire-stages"><caption>${t('hire.conv.stage')}</caption>
      <thead><tr><th>${t('hire.stage')}</th><th class="num">${t('hire.reached')}</th><th class="num">${t('hire.share')}</th></tr></thead>
      <tbody>${s.stages.map((x) => html`<tr data-stage=${x.stage}><td>${stageName(x.stage)}</td><td class="num">${num(x.reached)}</td>
        <td class="num">${x.share == null ? '—' : pct(x.share)}</td></tr>`)}</tbody></table></div>
    <div class="table-wrap"><table class="grid" id="hire-by-source"><caption>${t('hire.conv.source')}</caption>
      <thead><tr><th>${t('hire.source')}</th><th class="num">${t('hire.cands')}</th><th class="num">${t('hire.hires')}</th>
        <th class="num">${t('hire.conv')}</th></tr></thead>
      <tbody>${s.sources.map((x) => html`<tr><td>${x.source || t('hire.nosource')}</td><td class="num">${num(x.candidates)}</td>
        <td class="num">${num(x.hired)}</td><td class="num">${pct(x.conversion)}</td></tr>`)}</tbody></table></div></div>
  </section>`;
}

export class Hiring extends Component {
  constructor(p) {
    super(p);
    const q = currentQuery();
    this.state = { loading: true, error: null, vacancies: [], cands: [], criteria: [], summary: null,
      vacancy: q.get('vacancy') || '', open: Number(q.get('candidate')) || null, over: null, dragging: null,
      reject: null, moveError: null, adding: null };
  }
  componentDidMount() { this.load(); }
  async load() {
    this.setState({ loading: true, error: null });
    try {
      const vq = this.state.vacancy ? { vacancy: this.state.vacancy } : {};
      const [v, c, k, s] = await Promise.all([api.get('/api/v1/vacancies'), api.get('/api/v1/candidates', vq),
        api.get('/api/v1/hiring/criteria'), api.get('/api/v1/hiring/summary', vq)]);
      this.setState({ loading: false, vacancies: v.items, cands: c.items, criteria: k.items, summary: s });
    } catch (error) { this.setState({ loading: false, error }); }
  }
  async refreshSummary() {
    try {
      const s = await api.get('/api/v1/hiring/summary', this.state.vacancy ? { vacancy: this.state.vacancy } : {});
      this.setState({ summary: s });
    } catch (moveError) { this.setState({ moveError }); }
  }
  put(c) { this.setState({ cands: this.state.cands.map((x) => (x.id === c.id ? c : x)) }, () => this.refreshSummary()); }
  async move(id, stage, reason) {
    const c = this.state.cands.find((x) => x.id === id);
    if (!c || c.stage === stage) return;
    if (stage === 'rejected' && !reason) return this.setState({ reject: c, dragging: null, over: null });
    this.setState({ moveError: null });
    const old = c;
    this.put({ ...c, stage, days_in_stage: 0 });
    try {
      this.put(await api.post(`/api/v1/candidates/${id}/stage`, reason ? { stage, reason } : { stage }));
    } catch (err) {
      this.put(old);
      if (reason) throw err;
      this.setState({ moveError: new ApiError(err.status, err.code, `${old.name}: ${err.message}`, err.field) });
    }
  }
  filter(vacancy) {
    this.setState({ vacancy }, () => { setQuery({ vacancy }); this.load(); });
  }
  openCand(id) { this.setState({ open: id }); setQuery({ vacancy: this.state.vacancy, candidate: id || '' }); }
  column(stage, s) {
    const cards = s.cands.filter((c) => c.stage === stage);
    return html`<section class=${`board-col${s.over === stage ? ' drop' : ''}`} data-stage=${stage} aria-label=${stageName(stage)}
      onDragOver=${(e) => { e.preventDefault(); if (s.over !== stage) this.setState({ over: stage }); }}
      onDragLeave=${() => this.setState({ over: null })}
      onDrop=${(e) => { e.preventDefault(); this.setState({ over: null, dragging: null }); this.move(Number(e.dataTransfer.getData('text/plain')), stage); }}>
      <header class="col-head"><div class="col-name">${stageName(stage)}</div>
        <div class="col-stats"><span class="col-count">${num(cards.length)}</span></div></header>
      <div class="col-cards">${cards.map((c) => html`<${Card} key=${c.id} c=${c} onMove=${(id, st) => this.move(id, st)}
        onOpen=${(id) => this.openCand(id)} onDrag=${(id) => this.setState({ dragging: id })} />`)}</div>
    </section>`;
  }
  head(s) {
    return html`<div class="filters" id="hire-filters">
      <label>${t('hire.vacancy')} <select id="hire-vacancy" value=${s.vacancy} onChange=${(e) => this.filter(e.target.value)}>
        <option value="">${t('funnel.all')}</option>
        ${s.vacancies.map((v) => html`<option value=${String(v.id)}>${v.title}${v.status === 'closed' ? ` (${t('hire.closed')})` : ''}</option>`)}</select></label>
      <button class="btn btn-small" id="add-vacancy" onClick=${() => this.setState({ adding: 'vacancy' })}>+ ${t('hire.vacancy.new')}</button>
      ${s.vacancy && s.vacancies.some((v) => String(v.id) === s.vacancy) ? html`<button class="btn btn-small" id="edit-vacancy"
        onClick=${() => this.setState({ adding: 'edit' })}>${t('hire.vacancy.edit')}</button>` : null}
      ${s.vacancies.some((v) => v.status === 'open') ? html`<button class="btn btn-small" id="add-cand"
        onClick=${() => this.setState({ adding: 'cand' })}>+ ${t('hire.cand.new')}</button>` : null}
    </div>`;
  }
  adder(s) {
    if (s.adding === 'vacancy')
      return html`<${MiniForm} id="vacancy-form" submit=${t('hire.vacancy.open')} onCancel=${() => this.setState({ adding: null })} fields=${[
        { name: 'title', label: t('hire.vacancy.title'), required: true },
        { name: 'team', label: t('hire.team') },
        { name: 'openings', label: t('hire.openings'), value: '1', inputmode: 'numeric' }]}
        onSubmit=${async (v) => {
          const x = await api.post('/api/v1/vacancies', { title: v.title, team: v.team || null, openings: Number(v.openings) || 1 });
          this.setState({ adding: null, vacancy: String(x.id) }, () => { setQuery({ vacancy: x.id }); this.load(); });
        }} />`;
    if (s.adding === 'edit') {
      // the chosen vacancy: its title, team, openings, description; closing it
      // keeps its candidates and hires (docs/hiring.md)
      const v0 = s.vacancies.find((v) => String(v.id) === s.vacancy);
      if (!v0) return null;
      return html`<${MiniForm} id="vacancy-edit" submit=${t('hire.vacancy.save')} onCancel=${() => this.setState({ adding: null })} fields=${[
        { name: 'title', label: t('hire.vacancy.title'), value: v0.title, required: true, keep: true },
        { name: 'team', label: t('hire.team'), value: v0.team || '', keep: true },
        { name: 'openings', label: t('hire.openings'), value: String(v0.openings), inputmode: 'numeric', keep: true },
        { name: 'status', label: t('hire.vacancy.status'), value: v0.status, keep: true,
          options: [['open', t('hire.vacancy.st.open')], ['closed', t('hire.vacancy.st.closed')]] },
        { name: 'description', label: t('hire.vacancy.desc'), value: v0.description || '', type: 'textarea', wide: true, keep: true }]}
        onSubmit=${async (v) => {
          await api.patch(`/api/v1/vacancies/${v0.id}`, { title: v.title, team: v.team || null,
            openings: Number(v.openings), status: v.status, description: v.description });
          this.setState({ adding: null }, () => this.load());
        }} />`;
    }
    if (s.adding === 'cand') {
      const open = s.vacancies.filter((v) => v.status === 'open');
      return html`<${MiniForm} id="cand-form" submit=${t('hire.cand.add')} onCancel=${() => this.setState({ adding: null })} fields=${[
        { name: 'vacancy_id', label: t('hire.vacancy'), value: s.vacancy || String(open[0].id), options: open.map((v) => [String(v.id), v.title]) },
        { name: 'name', label: t('hire.name'), required: true },
        { name: 'source', label: t('hire.source'), list: 'hire-sources' },
        { name: 'email', label: t('hire.email') },
        { name: 'phone', label: t('hire.phone') }]}
        onSubmit=${async (v) => {
          const x = await api.post('/api/v1/candidates', { ...v, vacancy_id: Number(v.vacancy_id) });
          this.setState({ adding: null, cands: [x, ...this.state.cands] }, () => this.refreshSummary());
        }} />`;
    }
    return null;
  }
  render({ title, user }, s) {
    const head = html`<header class="page-head"><h1>${title}</h1>${s.loading && !s.vacancies.length ? null : this.head(s)}</header>`;
    if (s.loading && !s.vacancies.length && !s.error) return html`<div class="page page-wide">${head}<${Spinner} /></div>`;
    if (s.error) return html`<div class="page page-wide">${head}<${ErrorBox} error=${s.error} onRetry=${() => this.load()} /></div>`;
    const sources = [...new Set(['hh.ru', 'рекомендация', 'сайт', ...s.cands.map((c) => c.source).filter(Boolean)])];
    return html`<div class="page page-wide hiring">${head}
      <datalist id="hire-sources">${sources.map((x) => html`<option value=${x} />`)}</datalist>
      ${this.adder(s)}
      ${s.moveError ? html`<${ErrorBox} error=${s.moveError} />` : null}
      ${!s.vacancies.length ? html`<${Empty} text=${t('hire.novacancy')} />` : html`<div class="hire-layout">
        <div class=${`board hire-board${s.loading ? ' loading' : ''}`} id="hire-board">${STAGES.map((st) => this.column(st, s))}</div>
        ${s.open ? html`<${Panel} key=${s.open} id=${s.open} user=${user} criteria=${s.criteria} vacancies=${s.vacancies}
          onClose=${() => this.openCand(null)} onChanged=${(c) => this.put(c)} />` : null}</div>`}
      ${s.summary ? html`<${Summary} s=${s.summary} />` : null}
      ${s.reject ? html`<${RejectDialog} cand=${s.reject} onCancel=${() => this.setState({ reject: null })}
        onConfirm=${async (reason) => { await this.move(s.reject.id, 'rejected', reason); this.setState({ reject: null }); }} />` : null}
    </div>`;
  }
}
