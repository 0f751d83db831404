// attestations.js - «Аттестация» (issue 14, item 6; docs/attestations.md).
// The head (and an admin) builds tests of questions (one option, several
// options, a free answer) on product, CRM and selling, assigns a test to a
// person or a whole team with a due day, scores the free answers, and
// reads the results per person and per topic. A manager sees «Мои
// аттестации»: the tests assigned to them, takes one on one page (works
// on a phone) and reads their own results. A viewer reads the results.
// AttestationSection is the manager's card's section (manager.js).
// /api/v1/attestations, /api/v1/attestation-attempts,
// /api/v1/attestation-assignments, /api/v1/attestation-results.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, pct, date, DASH } from '../i18n.js';
import { Load, FormError, lead } from '../ui.js';

const TOPICS = ['product', 'crm', 'selling', 'other'];
const KINDS = ['single', 'multiple', 'free'];
const showPct = (v) => (v == null ? DASH : pct(v / 100));
const blankQ = () => ({ topic: 'product', kind: 'single', text: '', options: '', correct: '1', points: 1 });

/* A stored question as the editor shows it. */
const formQ = (q) => ({ topic: q.topic, kind: q.kind, text: q.text, points: q.points,
  options: (q.options || []).join('\n'), correct: (q.correct || []).map((n) => n + 1).join(', ') });

/* The test editor: title, pass mark, attempts, time limit and the
   questions (choice ones: one option a line, the correct ones' numbers
   from 1, comma-separated). With `test` it changes that test: its settings
   and archive mark always, its questions only while nobody has made an
   attempt (the server refuses them after: the answers must keep meaning). */
class TestForm extends Component {
  constructor(p) {
    super(p);
    const x = p.test;
    this.state = x
      ? { title: x.title, description: x.description || '', pass: x.pass_pct, attempts: x.max_attempts,
        limit: x.time_limit ? String(x.time_limit) : '', archived: !!x.archived, qs: x.questions.map(formQ), busy: false, err: null }
      : { title: '', description: '', pass: 80, attempts: 3, limit: '', archived: false, qs: [blankQ()], busy: false, err: null };
  }
  setQ(i, patch) { this.setState({ qs: this.state.qs.map((q, k) => (k === i ? { ...q, ...patch } : q)) }); }
  async save(e) {
    e.preventDefault();
    const s = this.state;
    const questions = s.qs.map((q) => {
      const free = q.kind === 'free';
      return { topic: q.topic, kind: q.kind, text: q.text.trim(), points: Number(q.points) || 0,
        options: free ? [] : q.options.split('\n').map((o) => o.trim()).filter(Boolean),
        correct: free ? [] : q.correct.split(/[ ,;]+/).filter(Boolean).map((n) => Number(n) - 1) };
    });
    this.setState({ busy: true, err: null });
    const body = { title: s.title.trim(), description: s.description.trim(),
      pass_pct: Number(s.pass) || 0, max_attempts: Number(s.attempts) || 0,
      time_limit: s.limit === '' ? null : Number(s.limit) };
    const x = this.props.test;
    try {
      if (!x) await api.post('/api/v1/attestations', { ...body, questions });
      else await api.patch(`/api/v1/attestations/${x.id}`, { ...body, archived: s.archived, ...(x.attempts ? {} : { questions }) });
      this.setState({ busy: false });
      this.props.onSaved();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ onCancel, test }, s) {
    const locked = !!(test && test.attempts);
    return html`<form class="card at-form" id="at-form" onSubmit=${(e) => this.save(e)}>
      <h2>${test ? t('at.edit.title') : t('at.new')}</h2>
      <div class="at-grid">
        <label>${t('at.title')} <input id="at-title" maxlength="200" value=${s.title} onInput=${(e) => this.setState({ title: e.target.value })} /></label>
        <label>${t('at.pass')} <input id="at-pass" type="number" min="1" max="100" value=${s.pass} onInput=${(e) => this.setState({ pass: e.target.value })} /></label>
        <label>${t('at.attempts')} <input id="at-attempts" type="number" min="1" max="10" value=${s.attempts} onInput=${(e) => this.setState({ attempts: e.target.value })} /></label>
        <label>${t('at.limit')} <input id="at-limit" type="number" min="1" max="600" placeholder=${t('at.limit.none')} value=${s.limit} onInput=${(e) => this.setState({ limit: e.target.value })} /></label>
      </div>
      <label class="at-text">${t('at.description')} <textarea id="at-description" rows="2" maxlength="2000" value=${s.description}
        onInput=${(e) => this.setState({ description: e.target.value })}></textarea></label>
      ${test ? html`<label class="at-check"><input type="checkbox" id="at-archived" checked=${s.archived}
        onChange=${(e) => this.setState({ archived: e.target.checked })} /> ${t('at.archive')}</label>` : null}
      ${locked ? html`<p class="muted" id="at-locked">${t('at.locked', { n: test.attempts })}</p>
        <ol class="at-qs">${test.questions.map((q) => html`<li>${q.text} <span class="muted small">${t(`at.topic.${q.topic}`)} · ${t(`at.kind.${q.kind}`)} · ${t('at.points')}: ${q.points}</span></li>`)}</ol>`
        : html`<ol class="at-qs" id="at-qs">${s.qs.map((q, i) => html`<li class="at-q card-inner" data-i=${i}>
        <div class="at-grid">
          <label>${t('at.topic')} <select class="at-q-topic" value=${q.topic} onChange=${(e) => this.setQ(i, { topic: e.target.value })}>
            ${TOPICS.map((k) => html`<option value=${k}>${t(`at.topic.${k}`)}</option>`)}</select></label>
          <label>${t('at.kind')} <select class="at-q-kind" value=${q.kind} onChange=${(e) => this.setQ(i, { kind: e.target.value })}>
            ${KINDS.map((k) => html`<option value=${k}>${t(`at.kind.${k}`)}</option>`)}</select></label>
          <label>${t('at.points')} <input class="at-q-points" type="number" min="1" max="100" value=${q.points} onInput=${(e) => this.setQ(i, { points: e.target.value })} /></label>
        </div>
        <label class="at-text">${t('at.question')} <textarea class="at-q-text" rows="2" maxlength="2000" value=${q.text} onInput=${(e) => this.setQ(i, { text: e.target.value })}></textarea></label>
        ${q.kind === 'free' ? html`<p class="muted small">${t('at.free.hint')}</p>` : html`<div class="at-grid">
          <label class="at-text">${t('at.options')} <textarea class="at-q-options" rows="3" value=${q.options} onInput=${(e) => this.setQ(i, { options: e.target.value })}></textarea></label>
          <label>${t('at.correct')} <input class="at-q-correct" value=${q.correct} onInput=${(e) => this.setQ(i, { correct: e.target.value })} /></label></div>`}
        ${s.qs.length > 1 ? html`<button type="button" class="btn btn-small" onClick=${() => this.setState({ qs: s.qs.filter((_, k) => k !== i) })}>${t('at.q.remove')}</button>` : null}
      </li>`)}</ol>
      <button type="button" class="btn btn-small" id="at-q-add" onClick=${() => this.setState({ qs: [...s.qs, blankQ()] })}>${t('at.q.add')}</button>`}
      <${FormError} err=${s.err} />
      <div class="at-actions"><button class="btn btn-primary" id="at-save" type="submit" disabled=${s.busy}>${t('at.save')}</button>
        <button class="btn" type="button" onClick=${onCancel}>${t('at.cancel')}</button></div>
    </form>`;
  }
}

/* Assign a test to a person or a team with a due day. */
class AssignForm extends Component {
  constructor(p) { super(p); this.state = { who: '', due: '', busy: false, err: null, done: 0 }; }
  async save(e) {
    e.preventDefault();
    const { who, due } = this.state;
    const [kind, id] = who.split(':');
    this.setState({ busy: true, err: null });
    try {
      const r = await api.post(`/api/v1/attestations/${this.props.test.id}/assignments`,
        { [kind === 'team' ? 'team_id' : 'user_id']: Number(id) || 0, due });
      this.setState({ busy: false, done: r.items.length });
      this.props.onSaved();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ test, users, teams }, s) {
    return html`<form class="at-assign" id=${`at-assign-${test.id}`} onSubmit=${(e) => this.save(e)}>
      <label>${t('at.assign.who')} <select class="at-who" value=${s.who} onChange=${(e) => this.setState({ who: e.target.value })}>
        <option value="">—</option>
        <optgroup label=${t('at.people')}>${users.map((u) => html`<option value=${`user:${u.id}`}>${u.name}</option>`)}</optgroup>
        <optgroup label=${t('at.teams')}>${teams.map((x) => html`<option value=${`team:${x.id}`}>${x.name}</option>`)}</optgroup></select></label>
      <label>${t('at.due')} <input class="at-due" type="date" value=${s.due} onInput=${(e) => this.setState({ due: e.target.value })} /></label>
      <button class="btn btn-small btn-primary" type="submit" disabled=${s.busy}>${t('at.assign')}</button>
      ${s.done ? html`<span class="muted small at-assigned">${t('at.assigned', { n: s.done })}</span>` : null}
      <${FormError} err=${s.err} /></form>`;
  }
}

/* Who a test is assigned to: each person, the due day, attempts, state. */
function Assigned({ test, n }) {
  return html`<${Load} deps=${`${test.id}|${n}`} fetch=${() => api.get(`/api/v1/attestations/${test.id}/assignments`)}>${(r) => (r.items.length
    ? html`<div class="table-wrap"><table class="grid" id=${`at-assigned-${test.id}`}><caption>${t('at.assigned.list')}</caption>
      <thead><tr><th>${t('at.person')}</th><th>${t('at.due')}</th><th class="num">${t('at.attempts')}</th><th>${t('at.state')}</th></tr></thead>
      <tbody>${r.items.map((a) => html`<tr data-user=${a.user_id} data-state=${a.state}><th scope="row">${a.user}</th><td>${date(a.due)}</td>
        <td class="num">${a.attempts}</td><td class=${a.state === 'overdue' ? 'txt-bad' : a.state === 'passed' ? 'txt-good' : ''}>${t(`at.state.${a.state}`)}</td></tr>`)}</tbody></table></div>`
    : html`<p class="muted" id="at-assigned-none">${t('at.assigned.none')}</p>`)}<//>`;
}

/* One attempt's answers; the head scores the free ones (points, a comment). */
class AttemptView extends Component {
  constructor(p) { super(p); this.state = { pts: {}, notes: {}, busy: false, err: null }; }
  async score(e, a) {
    e.preventDefault();
    const { pts, notes } = this.state;
    /* the free answers given points (left blank: not scored) */
    const scores = a.questions.filter((q) => q.kind === 'free').map((q) => {
      const ans = a.answers[q.position - 1];
      const raw = pts[q.position] ?? ans.points;
      return { position: q.position, raw, comment: notes[q.position] ?? ans.comment };
    }).filter((x) => x.raw != null && String(x.raw).trim() !== '')
      .map((x) => ({ position: x.position, points: Number(x.raw), comment: x.comment }));
    this.setState({ busy: true, err: null });
    try {
      await api.post(`/api/v1/attestation-attempts/${a.id}/score`, { scores });
      this.setState({ busy: false });
      this.props.onSaved();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ a, canScore }, s) {
    return html`<form class="at-attempt" id=${`at-attempt-${a.id}`} onSubmit=${(e) => this.score(e, a)}>
      <ol class="at-answers">${a.questions.map((q, i) => {
        const ans = a.answers[i];
        const free = q.kind === 'free';
        return html`<li class=${`at-answer at-${free ? 'free' : 'choice'}`} data-pos=${q.position}>
          <p><strong>${q.text}</strong> <span class="muted small">${t(`at.topic.${q.topic}`)} · ${t('at.of.points', { n: q.points })}</span></p>
          ${free ? html`<blockquote class="at-free-text">${ans.text || DASH}</blockquote>`
            : html`<p class="at-chosen">${ans.choice.length ? ans.choice.map((k) => q.options[k]).join('; ') : DASH}</p>`}
          ${free && canScore ? html`<div class="at-grid">
            <label>${t('at.score.points', { n: q.points })} <input class="at-score-points" type="number" min="0" max=${q.points}
              value=${s.pts[q.position] ?? (ans.points ?? '')} onInput=${(e) => this.setState({ pts: { ...s.pts, [q.position]: e.target.value } })} /></label>
            <label class="at-text">${t('at.comment')} <input class="at-score-comment" maxlength="2000" value=${s.notes[q.position] ?? ans.comment}
              onInput=${(e) => this.setState({ notes: { ...s.notes, [q.position]: e.target.value } })} /></label></div>`
            : html`<p class="at-points">${ans.points == null ? t('at.to.score') : t('at.got', { n: ans.points, m: q.points })}${ans.comment ? html` — <em>${ans.comment}</em>` : null}</p>`}
        </li>`;
      })}</ol>
      <${Topics} topics=${a.topics} />
      ${canScore && a.questions.some((q) => q.kind === 'free') ? html`<${FormError} err=${s.err} />
        <button class="btn btn-primary btn-small at-score-save" type="submit" disabled=${s.busy}>${t('at.score.save')}</button>` : null}
    </form>`;
  }
}

function Topics({ topics }) {
  if (!topics || !topics.length) return null;
  return html`<div class="table-wrap"><table class="grid at-topics">
    <thead><tr><th>${t('at.topic')}</th><th class="num">${t('at.earned')}</th><th class="num">${t('at.pct')}</th></tr></thead>
    <tbody>${topics.map((x) => html`<tr data-topic=${x.topic}><th scope="row">${x.user ? `${x.user}: ` : ''}${t(`at.topic.${x.topic}`)}</th>
      <td class="num">${x.earned} / ${x.possible}</td><td class="num">${x.possible ? pct(x.earned / x.possible) : DASH}</td></tr>`)}</tbody></table></div>`;
}

const stateLabel = (st) => t(`at.state.${st}`);

/* The results per person and test, and per topic. */
function Results({ res, who }) {
  if (!res.results.length) return html`<p class="muted at-no-results">${t('at.results.none')}</p>`;
  return html`<div class="table-wrap"><table class="grid at-results">
    <thead><tr>${who ? html`<th>${t('at.person')}</th>` : null}<th>${t('at.test')}</th><th class="num">${t('at.attempts.short')}</th>
      <th class="num">${t('at.best')}</th><th>${t('at.result')}</th></tr></thead>
    <tbody>${res.results.map((r) => html`<tr data-user=${r.user_id} data-test=${r.attestation_id}>${who ? html`<th scope="row">${r.user}</th>` : null}
      <td>${r.title}</td><td class="num">${r.attempts}</td><td class="num at-best">${showPct(r.best_pct)}</td>
      <td class="at-result">${r.passed ? t('at.state.passed') : r.best_pct == null ? t('at.state.open') : t('at.state.failed')}</td></tr>`)}</tbody></table></div>
    <h3 class="sub">${t('at.by.topic')}</h3><${Topics} topics=${res.topics.map((x) => ({ ...x, user: who ? x.user : '' }))} />`;
}

/* Taking a test: every question on one page, then submit. */
class Take extends Component {
  constructor(p) {
    super(p);
    const a = p.attempt;
    this.state = { ans: Object.fromEntries(a.answers.map((x) => [x.position, { choice: x.choice, text: x.text }])), busy: false, err: null };
  }
  pick(q, k) {
    const cur = this.state.ans[q.position] || { choice: [], text: '' };
    const choice = q.kind === 'single' ? [k] : (cur.choice.includes(k) ? cur.choice.filter((x) => x !== k) : [...cur.choice, k]);
    this.setState({ ans: { ...this.state.ans, [q.position]: { ...cur, choice } } });
  }
  async submit(e) {
    e.preventDefault();
    const a = this.props.attempt;
    const answers = a.questions.map((q) => {
      const x = this.state.ans[q.position] || { choice: [], text: '' };
      return q.kind === 'free' ? { position: q.position, text: x.text } : { position: q.position, choice: x.choice };
    });
    this.setState({ busy: true, err: null });
    try {
      await api.post(`/api/v1/attestation-attempts/${a.id}/answers`, { answers });
      await api.post(`/api/v1/attestation-attempts/${a.id}/submit`, {});
      this.setState({ busy: false });
      this.props.onDone();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ attempt: a, onCancel }, s) {
    return html`<form class="card at-take" id="at-take" onSubmit=${(e) => this.submit(e)}>
      <h2>${a.title}</h2>
      ${a.deadline ? html`<p class="muted" id="at-deadline">${t('at.deadline')}: ${date(a.deadline, { hour: '2-digit', minute: '2-digit' })}</p>` : null}
      <ol class="at-take-qs">${a.questions.map((q) => {
        const x = s.ans[q.position] || { choice: [], text: '' };
        return html`<li class="at-take-q" data-pos=${q.position}><fieldset>
          <legend>${q.position}. ${q.text} <span class="muted small">(${t('at.of.points', { n: q.points })})</span></legend>
          ${q.kind === 'free' ? html`<textarea class="at-take-text" rows="4" maxlength="5000" aria-label=${q.text} value=${x.text}
            onInput=${(e) => this.setState({ ans: { ...s.ans, [q.position]: { ...x, text: e.target.value } } })}></textarea>`
            : html`${q.kind === 'multiple' ? html`<p class="muted small">${t('at.several')}</p>` : null}
              ${q.options.map((o, k) => html`<label class="at-option"><input type=${q.kind === 'single' ? 'radio' : 'checkbox'}
                name=${`q${q.position}`} value=${k} checked=${x.choice.includes(k)} onChange=${() => this.pick(q, k)} /> ${o}</label>`)}`}
        </fieldset></li>`;
      })}</ol>
      <${FormError} err=${s.err} />
      <div class="at-actions"><button class="btn btn-primary" id="at-submit" type="submit" disabled=${s.busy}>${t('at.submit')}</button>
        <button class="btn" type="button" onClick=${onCancel}>${t('at.later')}</button></div></form>`;
  }
}

/* The manager's «Мои аттестации». */
class Mine extends Component {
  constructor(p) { super(p); this.state = { taking: null, open: 0, n: 0, err: null }; }
  async start(id) {
    this.setState({ err: null });
    try {
      const a = await api.post(`/api/v1/attestations/${id}/attempts`, {});
      this.setState({ taking: a });
    } catch (err) { this.setState({ err }); }
  }
  render({ user }, s) {
    if (s.taking) return html`<${Take} attempt=${s.taking} onCancel=${() => this.setState({ taking: null, n: s.n + 1 })}
      onDone=${() => this.setState({ taking: null, open: s.taking.id, n: s.n + 1 })} />`;
    const load = () => Promise.all([api.get('/api/v1/attestation-assignments'), api.get('/api/v1/attestation-attempts'),
      api.get('/api/v1/attestation-results')]);
    return html`<${Load} deps=${`${user.id}|${s.n}`} fetch=${load}>${([as, at, res]) => html`
      <section class="card" id="at-mine"><h2>${t('at.mine')}</h2>
        <${FormError} err=${s.err} />
        ${as.items.length ? html`<ul class="at-list">${as.items.map((x) => html`<li class=${`at-row at-${x.state}`} data-test=${x.attestation_id}>
          <strong>${x.title}</strong> <span class="muted small">${t('at.due')}: ${date(x.due)} · ${stateLabel(x.state)} · ${t('at.attempts.n', { n: x.attempts })}</span>
          ${x.state !== 'passed' ? html`<button class="btn btn-primary btn-small at-start" onClick=${() => this.start(x.attestation_id)}>${t('at.take')}</button>` : null}</li>`)}</ul>`
          : html`<p class="muted" id="at-mine-none">${t('at.mine.none')}</p>`}</section>
      <section class="card" id="at-history"><h2>${t('at.history')}</h2>
        ${at.items.length ? html`<ul class="at-list">${at.items.map((p) => html`<li class="at-row" data-id=${p.id}>
          <button type="button" class="at-open" aria-expanded=${s.open === p.id ? 'true' : 'false'} onClick=${() => this.setState({ open: s.open === p.id ? 0 : p.id })}>
            <strong>${p.title}</strong> <span class="at-state">${stateLabel(p.state)}</span>
            <span class="at-pct">${p.state === 'open' ? DASH : showPct(p.pct)}</span></button>
          ${s.open === p.id ? html`<${Load} deps=${p.id} fetch=${() => api.get(`/api/v1/attestation-attempts/${p.id}`)}>${(a) => html`<${AttemptView} a=${a} canScore=${false} />`}<//>` : null}</li>`)}</ul>`
          : html`<p class="muted">${t('at.history.none')}</p>`}</section>
      <section class="card" id="at-my-results"><h2>${t('at.results')}</h2><${Results} res=${res} who=${false} /></section>`}<//>`;
  }
}

/* The head's (and an admin's, a viewer's) view. */
class Lead extends Component {
  constructor(p) { super(p); this.state = { form: false, edit: 0, open: 0, assign: 0, n: 0 }; }
  async load() {
    const rw = lead(this.props.user);
    const [tests, toScore, res, users, teams] = await Promise.all([
      api.get('/api/v1/attestations').then((r) => r.items),
      api.get('/api/v1/attestation-attempts', { pending: 1 }).then((r) => r.items),
      api.get('/api/v1/attestation-results'),
      rw ? api.get('/api/v1/users').then((r) => r.items.filter((u) => u.active !== false && (u.role === 'manager' || u.role === 'head'))) : [],
      rw ? api.get('/api/v1/teams').then((r) => r.items) : [],
    ]);
    return { tests, toScore, res, users, teams };
  }
  render({ user }, s) {
    const rw = lead(user);
    const bump = () => this.setState({ n: s.n + 1 });
    return html`<${Load} deps=${s.n} fetch=${() => this.load()}>${({ tests, toScore, res, users, teams }) => html`
      ${rw ? html`<div class="filters"><button class="btn btn-primary btn-small" id="at-new" onClick=${() => this.setState({ form: !s.form })}>${t('at.new')}</button></div>` : null}
      ${rw && s.form ? html`<${TestForm} onCancel=${() => this.setState({ form: false })} onSaved=${() => this.setState({ form: false, n: s.n + 1 })} />` : null}
      ${rw && s.edit && tests.some((x) => x.id === s.edit) ? html`<${TestForm} key=${s.edit} test=${tests.find((x) => x.id === s.edit)}
        onCancel=${() => this.setState({ edit: 0 })} onSaved=${() => this.setState({ edit: 0, n: s.n + 1 })} />` : null}
      <section class="card" id="at-to-score"><h2>${t('at.to.score.title')}</h2>
        ${toScore.length ? html`<ul class="at-list">${toScore.map((p) => html`<li class="at-row" data-id=${p.id}>
          <button type="button" class="at-open" aria-expanded=${s.open === p.id ? 'true' : 'false'} onClick=${() => this.setState({ open: s.open === p.id ? 0 : p.id })}>
            <strong>${p.user}</strong> · ${p.title} <span class="muted small">${t('at.pending', { n: p.pending })}</span></button>
          ${s.open === p.id ? html`<${Load} deps=${p.id} fetch=${() => api.get(`/api/v1/attestation-attempts/${p.id}`)}>${(a) => html`<${AttemptView} a=${a} canScore=${rw} onSaved=${bump} />`}<//>` : null}</li>`)}</ul>`
          : html`<p class="muted" id="at-none-to-score">${t('at.to.score.none')}</p>`}</section>
      <section class="card" id="at-tests"><h2>${t('at.tests')}</h2>
        ${tests.length ? html`<div class="table-wrap"><table class="grid at-tests-table">
          <thead><tr><th>${t('at.test')}</th><th class="num">${t('at.questions')}</th><th class="num">${t('at.pass')}</th>
            <th class="num">${t('at.attempts')}</th><th class="num">${t('at.limit')}</th>${rw ? html`<th></th>` : null}</tr></thead>
          <tbody>${tests.map((x) => html`<tr data-id=${x.id}><th scope="row">${x.title}${x.archived ? ` (${t('at.archived')})` : ''}</th>
            <td class="num">${x.questions.length}</td><td class="num">${x.pass_pct} %</td><td class="num">${x.max_attempts}</td>
            <td class="num">${x.time_limit ? t('at.minutes', { n: x.time_limit }) : DASH}</td>
            ${rw ? html`<td class="at-row-actions"><button class="btn btn-small at-assign-open" onClick=${() => this.setState({ assign: s.assign === x.id ? 0 : x.id })}>${t('at.assign')}</button>
              <button class="btn btn-small at-edit" onClick=${() => this.setState({ edit: s.edit === x.id ? 0 : x.id, form: false })}>${t('at.edit')}</button></td>` : null}</tr>`)}</tbody>
        </table></div>` : html`<p class="muted" id="at-no-tests">${t('at.tests.none')}</p>`}
        ${rw && s.assign ? html`<${AssignForm} test=${tests.find((x) => x.id === s.assign)} users=${users} teams=${teams} onSaved=${bump} />
          <${Assigned} test=${tests.find((x) => x.id === s.assign)} n=${s.n} />` : null}
      </section>
      <section class="card" id="at-results"><h2>${t('at.results')}</h2><${Results} res=${res} who=${true} /></section>`}<//>`;
  }
}

export function Attestations({ title, user }) {
  const mgr = user.role === 'manager';
  return html`<div class="page attestations">
    <header class="page-head"><h1>${title}</h1></header>
    <p class="subtitle">${mgr ? t('at.sub.mine') : t('at.sub')}</p>
    ${mgr ? html`<${Mine} user=${user} />` : html`<${Lead} user=${user} />`}</div>`;
}

/* The manager's card's section: the person's results per test and topic
   (a manager their own; the head every manager's). */
export function AttestationSection({ u }) {
  return html`<${Load} deps=${u.id} fetch=${() => api.get('/api/v1/attestation-results', { user_id: u.id })}>${(res) => html`
    <div id="mgr-attestation"><${Results} res=${res} who=${false} /></div>`}<//>`;
}
