// library.js - «Библиотека скриптов и регламентов» (issue 14, item 3;
// docs/library.md): the department's scripts, objection handling,
// regulations and standards. The list (/library) with a search in the
// titles and the current texts, a kind filter and «Только непрочитанные»;
// a badge on each required document the signed-in user has not yet
// acknowledged. A document (/library/:id): its current text (paragraphs
// kept), «Ознакомлен» for a manager, the version history, «Сравнить» two
// versions (deleted and inserted lines coloured, with their numbers), and
// for the head and an administrator a new version's form and the table of
// who has and has not read the current version. /api/v1/documents.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, date, dateTime } from '../i18n.js';
import { Load, FormError, lead } from '../ui.js';
import { currentQuery, setQuery, navigate } from '../router.js';

export const KINDS = ['script', 'objections', 'regulation', 'standard', 'other'];

/* The badges of a document: required, and for a manager (who
   acknowledges) read or still to read. */
function Badges({ d, reader }) {
  return html`${d.required ? html`<span class="badge">${t('lib.required')}</span>` : null}
    ${reader && d.unread ? html`<span class="badge badge-warn lib-unread">${t('lib.unread')}</span>` : null}
    ${reader && d.required && d.acknowledged ? html`<span class="badge badge-good">${t('lib.acked')}</span>` : null}
    ${d.archived ? html`<span class="badge">${t('lib.archived')}</span>` : null}`;
}

/* A new document: kind, title, required reading, its text and a note. */
class NewDocument extends Component {
  constructor(p) { super(p); this.state = { kind: 'script', title: '', required: true, body: '', note: '', busy: false, err: null }; }
  async save(e) {
    e.preventDefault();
    const { kind, title, required, body, note } = this.state;
    this.setState({ busy: true, err: null });
    try {
      const d = await api.post('/api/v1/documents', { kind, title: title.trim(), required, body, note: note.trim() });
      this.setState({ busy: false });
      this.props.onCreated(d);
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render(_, { kind, title, required, body, note, busy, err }) {
    return html`<form class="card lib-form" id="lib-new" onSubmit=${(e) => this.save(e)}>
      <h2>${t('lib.new')}</h2>
      <div class="lib-fields">
        <label>${t('lib.kind')} <select id="lib-new-kind" value=${kind} onChange=${(e) => this.setState({ kind: e.target.value })}>
          ${KINDS.map((k) => html`<option value=${k}>${t(`lib.kind.${k}`)}</option>`)}</select></label>
        <label class="lib-title-field">${t('field.title')} <input id="lib-new-title" maxlength="200" value=${title}
          aria-invalid=${err && err.field === 'title' ? 'true' : null} onInput=${(e) => this.setState({ title: e.target.value })} /></label>
        <label class="lib-check"><input type="checkbox" id="lib-new-required" checked=${required}
          onChange=${(e) => this.setState({ required: e.target.checked })} /> ${t('lib.required.long')}</label>
      </div>
      <label class="lib-block">${t('lib.body')}<textarea id="lib-new-body" rows="10" value=${body}
        aria-invalid=${err && err.field === 'body' ? 'true' : null} onInput=${(e) => this.setState({ body: e.target.value })}></textarea></label>
      <label class="lib-block">${t('lib.note')} <input id="lib-new-note" maxlength="500" value=${note}
        onInput=${(e) => this.setState({ note: e.target.value })} /></label>
      <${FormError} err=${err} name=${(f) => t(`lib.field.${f}`)} />
      <div class="lib-actions"><button class="btn btn-primary" id="lib-new-save" disabled=${busy} type="submit">${t('lib.publish')}</button>
        <button class="btn" type="button" onClick=${() => this.props.onCancel()}>${t('lib.cancel')}</button></div>
    </form>`;
  }
}

export class Library extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { q: q.get('q') || '', kind: q.get('kind') || '', unread: q.get('unread') === '1', adding: false, n: 0 };
  }
  set(patch) {
    this.setState(patch, () => {
      const { q, kind, unread } = this.state;
      setQuery({ ...(q ? { q } : {}), ...(kind ? { kind } : {}), ...(unread ? { unread: '1' } : {}) });
    });
  }
  load() {
    const { q, kind, unread } = this.state;
    const reader = this.props.user.role === 'manager';
    return Promise.all([
      api.get('/api/v1/documents', { ...(q.trim() ? { q: q.trim() } : {}), ...(kind ? { kind } : {}), ...(reader && unread ? { unread: 1 } : {}) }),
      reader ? api.get('/api/v1/documents', { unread: 1 }) : { items: [] },
    ]);
  }
  render({ title, user }, { q, kind, unread, adding, n }) {
    const writes = lead(user);
    const reader = user.role === 'manager';
    return html`<div class="page library">
      <header class="page-head"><h1>${title}</h1>
        ${writes && !adding ? html`<button class="btn btn-primary" id="lib-add" onClick=${() => this.setState({ adding: true })}>${t('lib.new')}</button>` : null}</header>
      ${adding ? html`<${NewDocument} onCancel=${() => this.setState({ adding: false })}
        onCreated=${(d) => navigate(`/library/${d.id}`)} />` : null}
      <div class="filters lib-filters">
        <input type="search" id="lib-q" value=${q} placeholder=${t('lib.search')} aria-label=${t('lib.search')}
          onInput=${(e) => this.set({ q: e.target.value })} />
        <label>${t('lib.kind')} <select id="lib-kind" value=${kind} onChange=${(e) => this.set({ kind: e.target.value })}>
          <option value="">${t('lib.kind.all')}</option>
          ${KINDS.map((k) => html`<option value=${k}>${t(`lib.kind.${k}`)}</option>`)}</select></label>
        ${reader ? html`<label class="lib-check"><input type="checkbox" id="lib-only-unread" checked=${unread}
          onChange=${(e) => this.set({ unread: e.target.checked })} /> ${t('lib.only.unread')}</label>` : null}
      </div>
      <${Load} deps=${`${q}|${kind}|${unread}|${n}`} fetch=${() => this.load()}>${([list, due]) => html`
        ${reader && due.items.length ? html`<p class="lib-due" id="lib-due"><span class="badge badge-warn">${due.items.length}</span> ${t('lib.due', { n: due.items.length })}</p>` : null}
        ${list.items.length ? html`<ul class="lib-list" id="lib-list">${list.items.map((d) => html`<li class="card lib-item" data-id=${d.id}>
          <a href=${`/library/${d.id}`} class="lib-item-title">${d.title}</a>
          <div class="lib-item-meta muted small">${t(`lib.kind.${d.kind}`)} · ${t('lib.version.n', { n: d.version })} · ${date(d.version_at.slice(0, 10))}</div>
          <div><${Badges} d=${d} reader=${reader} /></div></li>`)}</ul>`
          : html`<p class="muted" id="lib-empty">${q || kind || unread ? t('lib.none.found') : t('lib.none')}</p>`}`}<//>
    </div>`;
  }
}

/* «Сравнить»: two versions chosen, their line diff. */
class Compare extends Component {
  constructor(p) {
    super(p);
    const last = p.versions.length;
    this.state = { from: Math.max(1, last - 1), to: last, diff: null, err: null };
  }
  async run() {
    this.setState({ err: null });
    try {
      const diff = await api.get(`/api/v1/documents/${this.props.id}/diff`, { from: this.state.from, to: this.state.to });
      this.setState({ diff });
    } catch (err) { this.setState({ err, diff: null }); }
  }
  render({ versions }, { from, to, diff, err }) {
    const opts = versions.map((v) => html`<option value=${v.number}>${t('lib.version.n', { n: v.number })}</option>`);
    return html`<section class="card lib-compare" id="lib-compare"><h2>${t('lib.compare.title')}</h2>
      <div class="filters">
        <label>${t('lib.compare.from')} <select id="lib-from" value=${from} onChange=${(e) => this.setState({ from: Number(e.target.value) })}>${opts}</select></label>
        <label>${t('lib.compare.to')} <select id="lib-to" value=${to} onChange=${(e) => this.setState({ to: Number(e.target.value) })}>${opts}</select></label>
        <button class="btn" id="lib-compare-btn" onClick=${() => this.run()}>${t('lib.compare')}</button>
      </div>
      <${FormError} err=${err} />
      ${diff ? html`<p class="muted small" id="lib-diff-sum">${t('lib.diff.sum', { d: diff.deleted, i: diff.inserted })}</p>
        ${diff.lines.length ? html`<div class="lib-diff" id="lib-diff">${diff.lines.map((l) => html`<div class=${`diff-line diff-${l.op === 'insert' ? 'ins' : 'del'}`}>
          <span class="diff-no">${l.op === 'insert' ? `+${l.new}` : `−${l.old}`}</span><span class="diff-text">${l.text || ' '}</span></div>`)}</div>`
          : html`<p class="muted">${t('lib.diff.same')}</p>`}` : null}
    </section>`;
  }
}

/* A new version: the text (the current one to edit) and a note. */
class NewVersion extends Component {
  constructor(p) { super(p); this.state = { body: p.body, note: '', busy: false, err: null }; }
  async save(e) {
    e.preventDefault();
    this.setState({ busy: true, err: null });
    try {
      await api.post(`/api/v1/documents/${this.props.id}/versions`, { body: this.state.body, note: this.state.note.trim() });
      this.setState({ busy: false, note: '' });
      this.props.onSaved();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render(_, { body, note, busy, err }) {
    return html`<form class="card lib-form" id="lib-version" onSubmit=${(e) => this.save(e)}>
      <h2>${t('lib.version.new')}</h2>
      <label class="lib-block">${t('lib.body')}<textarea id="lib-version-body" rows="12" value=${body}
        onInput=${(e) => this.setState({ body: e.target.value })}></textarea></label>
      <label class="lib-block">${t('lib.note')} <input id="lib-version-note" maxlength="500" value=${note}
        onInput=${(e) => this.setState({ note: e.target.value })} /></label>
      <${FormError} err=${err} name=${(f) => t(`lib.field.${f}`)} />
      <div class="lib-actions"><button class="btn btn-primary" id="lib-version-save" disabled=${busy} type="submit">${t('lib.version.publish')}</button></div>
    </form>`;
  }
}

/* The head's change of a document's kind, title, required reading and
   archived (the text changes only by a new version). */
class EditDocument extends Component {
  constructor(p) {
    super(p);
    const { d } = p;
    this.state = { kind: d.kind, title: d.title, required: d.required, archived: d.archived, busy: false, err: null };
  }
  async save(e) {
    e.preventDefault();
    const { kind, title, required, archived } = this.state;
    this.setState({ busy: true, err: null });
    try {
      await api.patch(`/api/v1/documents/${this.props.d.id}`, { kind, title: title.trim(), required, archived });
      this.setState({ busy: false });
      this.props.onSaved();
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render(_, { kind, title, required, archived, busy, err }) {
    return html`<form class="card lib-form" id="lib-edit" onSubmit=${(e) => this.save(e)}>
      <h2>${t('lib.edit')}</h2>
      <div class="lib-fields">
        <label>${t('lib.kind')} <select id="lib-edit-kind" value=${kind} onChange=${(e) => this.setState({ kind: e.target.value })}>
          ${KINDS.map((k) => html`<option value=${k}>${t(`lib.kind.${k}`)}</option>`)}</select></label>
        <label class="lib-title-field">${t('field.title')} <input id="lib-edit-title" maxlength="200" value=${title}
          aria-invalid=${err && err.field === 'title' ? 'true' : null} onInput=${(e) => this.setState({ title: e.target.value })} /></label>
        <label class="lib-check"><input type="checkbox" id="lib-edit-required" checked=${required}
          onChange=${(e) => this.setState({ required: e.target.checked })} /> ${t('lib.required.long')}</label>
        <label class="lib-check"><input type="checkbox" id="lib-edit-archived" checked=${archived}
          onChange=${(e) => this.setState({ archived: e.target.checked })} /> ${t('lib.archived')}</label>
      </div>
      <${FormError} err=${err} name=${(f) => t(`lib.field.${f}`)} />
      <div class="lib-actions"><button class="btn" id="lib-edit-save" disabled=${busy} type="submit">${t('lib.save')}</button></div>
    </form>`;
  }
}

/* The table of who of the managers has read the current version. */
function Acks({ a }) {
  return html`<section class="card lib-acks" id="lib-acks"><h2>${t('lib.acks.title', { v: a.version })}</h2>
    <p class="muted small" id="lib-acks-sum">${t('lib.acks.sum', { k: a.acknowledged, n: a.total })}</p>
    <div class="table-wrap"><table class="grid"><thead><tr><th>${t('lib.acks.who')}</th><th>${t('lib.acks.state')}</th><th>${t('lib.acks.at')}</th></tr></thead>
    <tbody>${a.users.map((u) => html`<tr data-user=${u.user_id}><th>${u.name}</th>
      <td>${u.acknowledged ? html`<span class="badge badge-good">${t('lib.acked')}</span>`
        : html`<span class="badge badge-bad">${t('lib.not.acked')}</span>${u.last_version ? html` <span class="muted small">${t('lib.acks.last', { v: u.last_version })}</span>` : null}`}</td>
      <td>${u.at ? dateTime(u.at) : '—'}</td></tr>`)}</tbody></table></div></section>`;
}

export class LibraryDocument extends Component {
  constructor(p) { super(p); this.state = { n: 0, err: null, busy: false }; }
  async load() {
    const id = this.props.params.id;
    const { user } = this.props;
    const [d, versions] = await Promise.all([api.get(`/api/v1/documents/${id}`), api.get(`/api/v1/documents/${id}/versions`)]);
    const acks = user.role !== 'manager' && d.required ? await api.get(`/api/v1/documents/${id}/acks`) : null;
    return { d, versions: versions.items, acks };
  }
  async ack() {
    this.setState({ busy: true, err: null });
    try {
      await api.post(`/api/v1/documents/${this.props.params.id}/ack`);
      this.setState({ busy: false, n: this.state.n + 1 });
      window.dispatchEvent(new Event('vo:library')); /* the sidebar's badge */
    } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ user }, { n, err, busy }) {
    const writes = lead(user);
    return html`<div class="page library-doc">
      <p class="no-print"><a href="/library" id="lib-back">${t('lib.back')}</a></p>
      <${Load} deps=${`${this.props.params.id}|${n}`} fetch=${() => this.load()}>${({ d, versions, acks }) => html`
        <header class="page-head"><h1 id="lib-title">${d.title}</h1></header>
        <p class="muted" id="lib-meta">${t(`lib.kind.${d.kind}`)} · ${t('lib.version.n', { n: d.version })} ${t('lib.of')} ${dateTime(d.version_at)} <${Badges} d=${d} reader=${user.role === 'manager'} /></p>
        ${user.role === 'manager' && d.required && !d.archived ? html`<div class="card lib-ack" id="lib-ack-box">
          ${d.acknowledged ? html`<span id="lib-acked">${t('lib.acked.at', { v: d.version, at: dateTime(d.acknowledged_at) })}</span>`
            : html`<span>${t('lib.ack.ask')}</span> <button class="btn btn-primary" id="lib-ack" disabled=${busy} onClick=${() => this.ack()}>${t('lib.ack')}</button>`}
          <${FormError} err=${err} /></div>` : null}
        <article class="card lib-body" id="lib-body">${d.body}</article>
        ${acks ? html`<${Acks} a=${acks} />` : null}
        <section class="card lib-versions" id="lib-versions"><h2>${t('lib.versions')}</h2>
          <div class="table-wrap"><table class="grid"><thead><tr><th>${t('lib.version')}</th><th>${t('lib.when')}</th><th>${t('lib.author')}</th><th>${t('lib.note')}</th></tr></thead>
          <tbody>${versions.slice().reverse().map((v) => html`<tr data-n=${v.number}><th>${v.number}</th><td>${dateTime(v.created_at)}</td>
            <td>${v.author || '—'}</td><td>${v.note || ''}</td></tr>`)}</tbody></table></div></section>
        ${versions.length > 1 ? html`<${Compare} key=${`${d.id}-${d.version}`} id=${d.id} versions=${versions} />` : null}
        ${writes ? html`<${NewVersion} key=${`${d.id}-${d.version}`} id=${d.id} body=${d.body} onSaved=${() => this.setState({ n: n + 1 })} />
          <${EditDocument} key=${`${d.id}-${d.updated_at}`} d=${d} onSaved=${() => this.setState({ n: n + 1 })} />` : null}`}<//>
    </div>`;
  }
}
