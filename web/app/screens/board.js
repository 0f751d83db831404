// board.js - the pipeline board: a column per stage of the chosen pipeline
// (the switcher lists every pipeline; the choice and the filters stay in
// the address). Each column's count and sum come from the server
// (GET /api/v1/board: SQL aggregates over every matching open deal, never a
// sum of the cards shown); its cards, longest in the stage first (the stuck
// ones lead), load 20 at a time and more when the column is scrolled to its
// end (GET /api/v1/board/stages/{id}?cursor=; a button does the same).
// Drag a card to another stage (on an error it goes back and the error is
// shown), or, while dragging, onto the Won / Lost zones: they open the
// deal card's own confirmation (CloseDialog, the loss reasons of the
// dictionary). After a move, win or loss only the figures are asked again.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, num, parseMoney } from '../i18n.js';
import { Spinner, ErrorBox, Empty, FormError } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';
import { CloseDialog, UNDO_MS } from './deal.js';

const MAX_DEALS = 3000;
const PAGE = 20;

/* Every page of a list endpoint, up to max items. */
export async function listAll(path, params, max = MAX_DEALS) {
  const items = [];
  let cursor = null;
  do {
    const r = await api.get(path, { ...params, limit: 500, cursor });
    items.push(...r.items);
    cursor = r.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

function flags(d, stage) {
  const out = [];
  if (stage && stage.max_days != null && d.days_in_stage != null && d.days_in_stage > stage.max_days)
    out.push(['bad', t('board.f.stuck', { d: d.days_in_stage })]);
  if (d.amount == null) out.push(['warn', t('board.f.noamount')]);
  if (!d.client) out.push(['warn', t('board.f.noclient')]);
  return out;
}

class QuickAdd extends Component {
  constructor(p) { super(p); this.state = { title: '', amount: '', error: null, busy: false }; }
  async submit(e) {
    e.preventDefault();
    const { title, amount } = this.state;
    if (!title.trim()) return this.setState({ error: { message: t('form.required'), field: 'title' } });
    let minor = null;
    if (amount.trim()) {
      minor = parseMoney(amount);
      if (Number.isNaN(minor)) return this.setState({ error: { message: t('form.badamount'), field: 'amount' } });
    }
    this.setState({ busy: true, error: null });
    try {
      const body = { title: title.trim(), pipeline: this.props.pipeline, stage: this.props.stage.id };
      if (minor != null) body.amount = minor;
      const d = await api.post('/api/v1/deals', body);
      this.setState({ title: '', amount: '', busy: false });
      this.props.onAdded(d);
    } catch (err) { this.setState({ error: err, busy: false }); }
  }
  render({ onCancel }, { title, amount, error, busy }) {
    const bad = (f) => (error && error.field === f ? 'true' : undefined);
    return html`<form class="quick-add" onSubmit=${(e) => this.submit(e)} novalidate>
      <input aria-label=${t('board.title')} placeholder=${t('board.title')} value=${title} aria-invalid=${bad('title')}
        ref=${(el) => el && !this.focused && (this.focused = true, el.focus())}
        onInput=${(e) => this.setState({ title: e.target.value })} />
      <input aria-label=${t('board.amount')} placeholder=${t('board.amount')} inputmode="decimal" value=${amount}
        aria-invalid=${bad('amount')} onInput=${(e) => this.setState({ amount: e.target.value })} />
      <${FormError} err=${error} />
      <div class="row"><button class="btn btn-primary btn-small" disabled=${busy}>${t('board.add')}</button>
        <button type="button" class="btn btn-small" onClick=${onCancel}>${t('cancel')}</button></div>
    </form>`;
  }
}

function Card({ deal: d, stage, stages, canWrite, onMove, onClose, onDrag }) {
  return html`<article class="deal-card" draggable=${canWrite ? 'true' : 'false'} data-deal=${d.id}
    onDragStart=${(e) => { e.dataTransfer.setData('text/plain', String(d.id)); e.dataTransfer.effectAllowed = 'move'; onDrag(d.id); }}
    onDragEnd=${() => onDrag(null)}>
    <div class="deal-top"><a class="deal-title" href=${`/deals/${d.id}`}>${d.title || `#${d.id}`}</a>
      <span class="deal-amount num">${money(d.amount, true)}</span></div>
    <div class="deal-client">${d.client || html`<span class="muted">${t('board.noclient')}</span>`}</div>
    <div class="deal-meta"><span>${d.owner || '—'}</span>
      <span class="muted days" title=${t('board.days')}>${t('board.daysin', { d: num(d.days_in_stage) })}</span></div>
    <div class="deal-flags">${flags(d, stage).map(([k, x]) => html`<span class=${`badge badge-${k}`}>${x}</span>`)}</div>
    ${canWrite ? html`<div class="deal-actions">
      <label class="sr-only" for=${`mv-${d.id}`}>${t('board.moveto')}</label>
      <select id=${`mv-${d.id}`} class="mini" value=${stage.id} onChange=${(e) => onMove(d.id, Number(e.target.value))}>
        ${stages.map((s) => html`<option value=${s.id}>${s.name}</option>`)}</select>
      <button class="btn btn-small" onClick=${() => onClose('win', d.id)}>${t('board.win')}</button>
      <button class="btn btn-small" onClick=${() => onClose('lose', d.id)}>${t('board.lose')}</button>
    </div>` : null}
  </article>`;
}

/* The end of a column's cards while it has more: loads them when it scrolls
   into view (IntersectionObserver on the column), or by its button. */
class More extends Component {
  componentDidMount() {
    if (typeof IntersectionObserver === 'undefined') return;
    this.io = new IntersectionObserver((es) => { if (es.some((x) => x.isIntersecting)) this.props.onMore(); },
      { root: this.base.parentElement, rootMargin: '120px' });
    this.io.observe(this.base);
  }
  componentWillUnmount() { if (this.io) this.io.disconnect(); }
  render({ busy, onMore }) {
    return html`<div class="col-more">${busy ? html`<${Spinner} />`
      : html`<button class="btn btn-small" onClick=${onMore}>${t('more')}</button>`}</div>`;
  }
}

/* The filters the board and a column's page send. */
function filterParams(s) {
  const p = { pipeline_id: s.pipeline || undefined, owner_id: s.owner || undefined,
    channel: s.channel || undefined, team_id: s.team || undefined };
  if (s.stuck) p.stuck = 1;
  return p;
}

export class Board extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { loading: true, error: null, pipes: [], users: [], reasons: [], cols: [], moveError: null,
      pipeline: q.get('pipeline') || '', owner: q.get('owner') || '', channel: q.get('channel') || '',
      team: q.get('team') || '', stuck: q.get('stuck') === '1', adding: null, over: null, dragging: null,
      dialog: null };
  }
  componentDidMount() { this.load(); }
  async load() {
    this.setState({ loading: true, error: null });
    try {
      const [pipes, users, reasons] = await Promise.all([api.get('/api/v1/pipelines'), api.get('/api/v1/users'),
        api.get('/api/v1/loss-reasons').catch(() => ({ items: [] }))]);
      this.setState({ pipes: pipes.items, users: users.items, reasons: reasons.items || [] });
      if (!pipes.items.length) return this.setState({ loading: false, cols: [] });
      await this.loadBoard();
    } catch (error) { this.setState({ loading: false, error }); }
  }
  /* The columns of the chosen pipeline with their first cards. */
  async loadBoard() {
    this.setState({ loading: true, error: null });
    try {
      const b = await api.get('/api/v1/board', { ...filterParams(this.state), limit: PAGE });
      this.setState({ loading: false, current: b.pipeline, cols: b.columns.map((c) => ({ ...c, busy: false })) });
    } catch (error) { this.setState({ loading: false, error }); }
  }
  /* The figures again (a move, a win or a loss changed them), cards kept. */
  async refreshFigures() {
    try {
      const b = await api.get('/api/v1/board', { ...filterParams(this.state), pipeline_id: this.state.current.id, limit: 0 });
      const by = new Map(b.columns.map((c) => [c.stage.id, c]));
      this.setState({ cols: this.state.cols.map((c) => {
        const f = by.get(c.stage.id);
        return f ? { ...c, count: f.count, sum: f.sum, amount_missing: f.amount_missing } : c;
      }) });
    } catch (moveError) { this.setState({ moveError }); }
  }
  async more(stageId) {
    const col = this.state.cols.find((c) => c.stage.id === stageId);
    if (!col || col.busy || !col.next_cursor) return;
    this.patchCol(stageId, { busy: true });
    try {
      const p = await api.get(`/api/v1/board/stages/${stageId}`, { ...filterParams(this.state), pipeline_id: undefined,
        cursor: col.next_cursor, limit: PAGE });
      const c = this.state.cols.find((x) => x.stage.id === stageId);
      const seen = new Set(c.items.map((d) => d.id));
      this.patchCol(stageId, { busy: false, next_cursor: p.next_cursor, items: [...c.items, ...p.items.filter((d) => !seen.has(d.id))] });
    } catch (moveError) { this.patchCol(stageId, { busy: false }); this.setState({ moveError }); }
  }
  patchCol(stageId, patch) {
    this.setState({ cols: this.state.cols.map((c) => (c.stage.id === stageId ? { ...c, ...patch } : c)) });
  }
  filter(patch) {
    this.setState(patch, () => {
      const s = this.state;
      setQuery({ pipeline: s.pipeline, owner: s.owner, channel: s.channel, team: s.team, stuck: s.stuck ? '1' : '' });
      this.loadBoard();
    });
  }
  find(id) {
    for (const c of this.state.cols) {
      const d = c.items.find((x) => x.id === id);
      if (d) return { deal: d, col: c };
    }
    return null;
  }
  async move(id, stageId) {
    const f = this.find(id);
    if (!f || f.col.stage.id === stageId) return;
    const { deal: d, col: from } = f;
    const to = this.state.cols.find((c) => c.stage.id === stageId);
    const put = (deal, fromId, toId) => this.setState({ cols: this.state.cols.map((c) => {
      if (c.stage.id === fromId) return { ...c, items: c.items.filter((x) => x.id !== deal.id) };
      if (c.stage.id === toId) return { ...c, items: [...c.items.filter((x) => x.id !== deal.id), deal] };
      return c;
    }) });
    this.setState({ moveError: null });
    put({ ...d, stage_id: stageId, stage: to.stage.name, days_in_stage: 0 }, from.stage.id, stageId);
    try {
      const fresh = await api.post(`/api/v1/deals/${id}/move`, { stage: stageId });
      put(fresh, from.stage.id, stageId);
      await this.refreshFigures();
    } catch (err) {
      put(d, stageId, from.stage.id);
      this.setState({ moveError: { ...err, message: `${d.title}: ${err.message}` } });
    }
  }
  /* The confirmation of a win or a loss (the deal card's dialog). */
  askClose(kind, id) {
    const f = this.find(id);
    if (f) this.setState({ dialog: { kind, deal: f.deal }, dragging: null, over: null });
  }
  async close(body, version) {
    const { kind, deal } = this.state.dialog;
    await api.postAt(`/api/v1/deals/${deal.id}/${kind}`, body, version);
    clearTimeout(this.undoTimer);
    this.setState({ dialog: null, undo: { kind, deal },
      cols: this.state.cols.map((c) => ({ ...c, items: c.items.filter((x) => x.id !== deal.id) })) });
    this.undoTimer = setTimeout(() => this.setState({ undo: null }), UNDO_MS);
    await this.refreshFigures();
  }
  /* Undo of the last win or loss from its notice: the deal is open again
     in its stage, the board read again. */
  async undo() {
    const { deal } = this.state.undo;
    clearTimeout(this.undoTimer);
    this.setState({ undo: null, moveError: null });
    try {
      await api.post(`/api/v1/deals/${deal.id}/undo`, {});
    } catch (moveError) { this.setState({ moveError }); }
    await this.loadBoard();
  }
  componentWillUnmount() { clearTimeout(this.undoTimer); }
  added(stageId, d) {
    const c = this.state.cols.find((x) => x.stage.id === stageId);
    this.patchCol(stageId, { items: [d, ...c.items] });
    this.setState({ adding: null });
    this.refreshFigures();
  }
  filters(s, user) {
    const mine = user.role === 'manager';
    const owners = mine ? [{ id: user.user_id, name: user.name }]
      : s.users.filter((u) => u.role === 'manager' || u.role === 'head');
    const teams = new Map(s.users.filter((u) => u.team_id).map((u) => [u.team_id, u.team]));
    const channels = [...new Set([s.channel, ...s.cols.flatMap((c) => c.items.map((d) => d.channel))].filter(Boolean))].sort();
    return html`<div class="filters" id="board-filters">
      <label>${t('board.pipeline')} <select id="board-pipeline" value=${String(s.current ? s.current.id : s.pipeline)}
        onChange=${(e) => this.filter({ pipeline: e.target.value })}>
        ${s.pipes.map((p) => html`<option value=${String(p.id)}>${p.name}</option>`)}</select></label>
      <label>${t('hyg.owner')} <select id="board-owner" value=${mine ? String(user.user_id) : s.owner}
        disabled=${mine} onChange=${(e) => this.filter({ owner: e.target.value })}>
        ${mine ? null : html`<option value="">${t('funnel.all')}</option>`}
        ${owners.map((u) => html`<option value=${String(u.id)}>${u.name}</option>`)}</select></label>
      ${mine ? null : html`<label>${t('board.team')} <select id="board-team" value=${s.team} onChange=${(e) => this.filter({ team: e.target.value })}>
        <option value="">${t('funnel.all')}</option>
        ${[...teams].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => html`<option value=${String(id)}>${name}</option>`)}</select></label>`}
      <label>${t('board.channel')} <select id="board-channel" value=${s.channel} onChange=${(e) => this.filter({ channel: e.target.value })}>
        <option value="">${t('funnel.all')}</option>
        ${channels.map((x) => html`<option value=${x}>${x}</option>`)}</select></label>
      <label class="check"><input type="checkbox" id="board-stuck" checked=${s.stuck}
        onChange=${(e) => this.filter({ stuck: e.target.checked })} /> ${t('board.stuckonly')}</label>
    </div>`;
  }
  column(st, s, canWrite) {
    const col = st;
    const stage = col.stage;
    const stages = s.cols.map((c) => c.stage);
    return html`<section class=${`board-col${s.over === stage.id ? ' drop' : ''}`} data-stage=${stage.id}
      aria-label=${stage.name}
      onDragOver=${(e) => { e.preventDefault(); if (s.over !== stage.id) this.setState({ over: stage.id }); }}
      onDragLeave=${() => this.setState({ over: null })}
      onDrop=${(e) => { e.preventDefault(); this.setState({ over: null, dragging: null }); this.move(Number(e.dataTransfer.getData('text/plain')), stage.id); }}>
      <header class="col-head"><div class="col-name">${stage.name}</div>
        <div class="col-stats" title=${t('board.count', { n: col.count })}><span class="col-count">${num(col.count)}</span>
          <span class="num col-sum">${money(col.sum, true)}</span></div>
        ${col.amount_missing ? html`<div class="col-missing muted small">${t('board.missing', { n: num(col.amount_missing) })}</div>` : null}</header>
      ${canWrite ? (s.adding === stage.id
        ? html`<${QuickAdd} pipeline=${s.current.id} stage=${stage} onCancel=${() => this.setState({ adding: null })}
            onAdded=${(d) => this.added(stage.id, d)} />`
        : html`<button class="add-btn" onClick=${() => this.setState({ adding: stage.id })}>+ ${t('board.quick')}</button>`) : null}
      <div class="col-cards">${col.items.map((d) => html`<${Card} key=${d.id} deal=${d} stage=${stage}
          stages=${stages} canWrite=${canWrite} onMove=${(id, sid) => this.move(id, sid)}
          onClose=${(k, id) => this.askClose(k, id)} onDrag=${(id) => this.setState({ dragging: id })} />`)}
        ${col.next_cursor ? html`<${More} key=${col.next_cursor} busy=${col.busy} onMore=${() => this.more(stage.id)} />` : null}</div>
    </section>`;
  }
  /* While a card is dragged: where dropping wins or loses it. */
  zones(s) {
    const zone = (kind) => html`<div class=${`drop-zone drop-${kind}${s.over === kind ? ' drop' : ''}`} id=${`drop-${kind}`}
      onDragOver=${(e) => { e.preventDefault(); if (s.over !== kind) this.setState({ over: kind }); }}
      onDragLeave=${() => this.setState({ over: null })}
      onDrop=${(e) => { e.preventDefault(); this.askClose(kind, Number(e.dataTransfer.getData('text/plain'))); }}>
      ${t(kind === 'win' ? 'board.dropwin' : 'board.droplose')}</div>`;
    return html`<div class="drop-zones" aria-live="polite">${zone('win')}${zone('lose')}</div>`;
  }
  render({ title, user }, s) {
    const canWrite = user.role !== 'viewer';
    const head = html`<header class="page-head"><h1>${title}</h1>${s.pipes.length ? this.filters(s, user) : null}</header>`;
    if (s.loading && !s.cols.length) return html`<div class="page page-wide">${head}<${Spinner} /></div>`;
    if (s.error) return html`<div class="page page-wide">${head}<${ErrorBox} error=${s.error} onRetry=${() => this.load()} /></div>`;
    if (!s.pipes.length || !s.current) return html`<div class="page page-wide">${head}<${Empty} /></div>`;
    return html`<div class="page page-wide">${head}
      ${s.moveError ? html`<${ErrorBox} error=${s.moveError} />` : null}
      <div class=${`board${s.loading ? ' loading' : ''}`} id="board" data-pipeline=${s.current.id}>
        ${s.cols.map((c) => this.column(c, s, canWrite))}</div>
      ${canWrite && s.dragging ? this.zones(s) : null}
      ${s.undo ? html`<div class="notice board-undo" id="board-undo" role="status">
        ${s.undo.deal.title}: ${t(s.undo.kind === 'win' ? 'deal.won.notice' : 'deal.lost.notice')}
        <button class="btn btn-small" id="board-undo-btn" onClick=${() => this.undo()}>${t('undo')}</button></div>` : null}
      ${s.dialog ? html`<${CloseDialog} kind=${s.dialog.kind} deal=${s.dialog.deal} reasons=${s.reasons}
        onCancel=${() => this.setState({ dialog: null })} onConfirm=${(body, v) => this.close(body, v)} />` : null}</div>`;
  }
}
