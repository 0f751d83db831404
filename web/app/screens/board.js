// board.js - the pipeline board: a column per stage with its count and sum,
// the open deals as cards (client, amount, owner, days in stage, flags);
// drag a card to another stage (POST /api/v1/deals/{id}/move: on an error
// the card goes back and the error is shown), win or lose with a reason,
// filters by owner / channel / team, quick add. Scrolls sideways on a phone.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, num, parseMoney } from '../i18n.js';
import { Spinner, ErrorBox, Empty, FormError } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

const MAX_DEALS = 3000;

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
      const body = { title: title.trim(), pipeline: this.props.pipeline.id, stage: this.props.stage.id };
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

class Card extends Component {
  constructor(p) { super(p); this.state = { menu: false, reason: '', err: null }; }
  async act(kind) {
    const { deal, onChanged } = this.props;
    try {
      if (kind === 'lose') {
        if (!this.state.reason.trim()) return this.setState({ err: { message: t('form.required'), field: 'reason' } });
        await api.post(`/api/v1/deals/${deal.id}/lose`, { reason: this.state.reason.trim() });
      } else {
        await api.post(`/api/v1/deals/${deal.id}/win`, {});
      }
      onChanged(deal.id);
    } catch (err) { this.setState({ err }); }
  }
  render({ deal: d, stage, stages, onMove, canWrite }, { menu, reason, err }) {
    return html`<article class="deal-card" draggable=${canWrite ? 'true' : 'false'} data-deal=${d.id}
      onDragStart=${(e) => { e.dataTransfer.setData('text/plain', String(d.id)); e.dataTransfer.effectAllowed = 'move'; }}>
      <div class="deal-top"><a class="deal-title" href=${`/deals/${d.id}`}>${d.title || `#${d.id}`}</a>
        <span class="deal-amount num">${money(d.amount, true)}</span></div>
      <div class="deal-client">${d.client || html`<span class="muted">${t('board.noclient')}</span>`}</div>
      <div class="deal-meta"><span>${d.owner || '—'}</span>
        <span class="muted" title=${t('board.days')}>${t('board.daysin', { d: num(d.days_in_stage) })}</span></div>
      <div class="deal-flags">${flags(d, stage).map(([k, x]) => html`<span class=${`badge badge-${k}`}>${x}</span>`)}</div>
      ${canWrite ? html`<div class="deal-actions">
        <label class="sr-only" for=${`mv-${d.id}`}>${t('board.moveto')}</label>
        <select id=${`mv-${d.id}`} class="mini" value=${stage.id} onChange=${(e) => onMove(d.id, Number(e.target.value))}>
          ${stages.map((s) => html`<option value=${s.id}>${s.name}</option>`)}</select>
        <button class="btn btn-small" onClick=${() => this.act('win')}>${t('board.win')}</button>
        <button class="btn btn-small" onClick=${() => this.setState({ menu: !menu })} aria-expanded=${menu}>${t('board.lose')}</button>
      </div>` : null}
      ${menu ? html`<form class="lose-form" onSubmit=${(e) => { e.preventDefault(); this.act('lose'); }}>
        <input placeholder=${t('board.reason')} aria-label=${t('board.reason')} value=${reason}
          aria-invalid=${err && err.field === 'reason' ? 'true' : undefined}
          onInput=${(e) => this.setState({ reason: e.target.value })} />
        <button class="btn btn-small">${t('board.lose')}</button></form>` : null}
      <${FormError} err=${err} />
    </article>`;
  }
}

export class Board extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { loading: true, error: null, pipeline: null, deals: [], users: [], moveError: null,
      owner: q.get('owner') || '', channel: q.get('channel') || '', team: q.get('team') || '',
      adding: null, over: null };
  }
  componentDidMount() { this.load(); }
  async load() {
    this.setState({ loading: true, error: null });
    try {
      const [pipes, users] = await Promise.all([api.get('/api/v1/pipelines'), api.get('/api/v1/users')]);
      const pipeline = pipes.items[0];
      if (!pipeline) return this.setState({ loading: false, pipeline: null });
      const deals = await listAll('/api/v1/deals', { status: 'open', pipeline_id: pipeline.id, sort: '-created_at' });
      this.setState({ loading: false, pipeline, deals, users: users.items });
    } catch (error) { this.setState({ loading: false, error }); }
  }
  filter(patch) {
    this.setState(patch, () => setQuery({ owner: this.state.owner, channel: this.state.channel, team: this.state.team }));
  }
  async move(id, stageId) {
    const { deals, pipeline } = this.state;
    const d = deals.find((x) => x.id === id);
    if (!d || d.stage_id === stageId) return;
    const before = { stage_id: d.stage_id, stage: d.stage, days_in_stage: d.days_in_stage };
    const st = pipeline.stages.find((s) => s.id === stageId);
    this.setState({ moveError: null, deals: deals.map((x) => (x.id === id ? { ...x, stage_id: stageId, stage: st.name, days_in_stage: 0 } : x)) });
    try {
      const fresh = await api.post(`/api/v1/deals/${id}/move`, { stage: stageId });
      this.setState({ deals: this.state.deals.map((x) => (x.id === id ? { ...x, ...fresh } : x)) });
    } catch (err) {
      this.setState({ moveError: { ...err, message: `${d.title}: ${err.message}` },
        deals: this.state.deals.map((x) => (x.id === id ? { ...x, ...before } : x)) });
    }
  }
  render({ title, user }, s) {
    const canWrite = user.role !== 'viewer';
    const head = html`<header class="page-head"><h1>${title}</h1>
      ${s.pipeline ? html`<div class="filters">
        <label>${t('hyg.owner')} <select value=${s.owner} onChange=${(e) => this.filter({ owner: e.target.value })}>
          <option value="">${t('funnel.all')}</option>
          ${s.users.filter((u) => u.role === 'manager' || u.role === 'head').map((u) => html`<option value=${u.id}>${u.name}</option>`)}</select></label>
        <label>${t('board.team')} <select value=${s.team} onChange=${(e) => this.filter({ team: e.target.value })}>
          <option value="">${t('funnel.all')}</option>
          ${[...new Set(s.users.map((u) => u.team).filter(Boolean))].sort().map((x) => html`<option value=${x}>${x}</option>`)}</select></label>
        <label>${t('board.channel')} <select value=${s.channel} onChange=${(e) => this.filter({ channel: e.target.value })}>
          <option value="">${t('funnel.all')}</option>
          ${[...new Set(s.deals.map((d) => d.channel).filter(Boolean))].sort().map((x) => html`<option value=${x}>${x}</option>`)}</select></label>
      </div>` : null}</header>`;
    if (s.loading) return html`<div class="page page-wide">${head}<${Spinner} /></div>`;
    if (s.error) return html`<div class="page page-wide">${head}<${ErrorBox} error=${s.error} onRetry=${() => this.load()} /></div>`;
    if (!s.pipeline) return html`<div class="page page-wide">${head}<${Empty} /></div>`;
    const teamOf = new Map(s.users.map((u) => [u.id, u.team]));
    const shown = s.deals.filter((d) => (!s.owner || String(d.owner_id) === s.owner)
      && (!s.channel || d.channel === s.channel) && (!s.team || teamOf.get(d.owner_id) === s.team));
    return html`<div class="page page-wide">${head}
      ${s.moveError ? html`<${ErrorBox} error=${s.moveError} />` : null}
      <div class="board" id="board">${s.pipeline.stages.map((st) => {
        const col = shown.filter((d) => d.stage_id === st.id);
        const sum = col.reduce((a, d) => a + (d.amount || 0), 0);
        return html`<section class=${`board-col${s.over === st.id ? ' drop' : ''}`} data-stage=${st.id}
          aria-label=${st.name}
          onDragOver=${(e) => { e.preventDefault(); if (s.over !== st.id) this.setState({ over: st.id }); }}
          onDragLeave=${() => this.setState({ over: null })}
          onDrop=${(e) => { e.preventDefault(); this.setState({ over: null }); this.move(Number(e.dataTransfer.getData('text/plain')), st.id); }}>
          <header class="col-head"><div class="col-name">${st.name}</div>
            <div class="col-stats"><span>${num(col.length)}</span><span class="num">${money(sum, true)}</span></div></header>
          ${canWrite ? (s.adding === st.id
            ? html`<${QuickAdd} pipeline=${s.pipeline} stage=${st} onCancel=${() => this.setState({ adding: null })}
                onAdded=${(d) => this.setState({ adding: null, deals: [d, ...this.state.deals] })} />`
            : html`<button class="add-btn" onClick=${() => this.setState({ adding: st.id })}>+ ${t('board.quick')}</button>`) : null}
          <div class="col-cards">${col.slice(0, 100).map((d) => html`<${Card} key=${d.id} deal=${d} stage=${st}
            stages=${s.pipeline.stages} canWrite=${canWrite} onMove=${(id, sid) => this.move(id, sid)}
            onChanged=${(id) => this.setState({ deals: this.state.deals.filter((x) => x.id !== id) })} />`)}
            ${col.length > 100 ? html`<p class="muted small">${t('board.more', { n: num(col.length - 100) })}</p>` : null}</div>
        </section>`;
      })}</div></div>`;
  }
}
