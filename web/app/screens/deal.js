// deal.js - the deal card: its fields and their editing (title, amount,
// client picked or created inline, contact, owner for head/admin, channel,
// source, product, stage, custom fields), the deal's products (quantity x
// price; the amount follows them unless set by hand), win / lose with a
// confirmation and an undo notice, reopen (head/admin), the timeline with
// notes, the activities, the tasks (tasks.js) and the payments.
// Every change is sent with If-Match of the version read: a change someone
// else made meanwhile is a 409 shown as «Сделку изменил другой
// пользователь» with the current values, never overwritten.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, num, dateTime, date, parseMoney } from '../i18n.js';
import { Spinner, ErrorBox, FormError, MiniForm, ClientPicker, Timeline, NoteForm, ConflictNotice, nowLocal, moneyInput, lead, customShown } from '../ui.js';
import { TaskList, addTask, taskFields } from './tasks.js';

const OUTCOMES = ['reached', 'no_answer', 'callback', 'interested', 'not_interested'];
const UNDO_MS = 30000;

/* A custom field's value as text for an input, and back. */
function customText(v) { return v == null ? '' : String(v); }
function customValue(f, s) {
  const x = String(s).trim();
  if (x === '') return null;
  if (f.type === 'number') {
    const n = Number(x.replace(/[\s\u00a0]/g, '').replace(',', '.'));
    if (!Number.isFinite(n)) throw Object.assign(new Error(t('form.badnumber')), { field: `custom.${f.key}` });
    return n;
  }
  return x;
}

/* The edit form of the deal's fields; onSave(changes) with only the fields
   that differ from the deal. */
class DealEdit extends Component {
  constructor(p) {
    super(p);
    this.state = { v: this.valuesOf(p.deal), client: p.deal.client_id ? { id: p.deal.client_id, name: p.deal.client } : null,
      contacts: [], err: null, busy: false };
    // the version the form's values come from: a card reloaded meanwhile
    // does not make the form's old values current
    this.orig = p.deal;
    this.version = p.deal.version;
  }
  componentDidMount() { this.loadContacts(this.state.client); }
  valuesOf(d) {
    const v = { title: d.title || '', amount: d.amount == null ? '' : moneyInput(d.amount), channel: d.channel || '',
      source: d.source || '', product_id: d.product_id == null ? '' : String(d.product_id), stage_id: String(d.stage_id),
      owner_id: String(d.owner_id), contact_id: d.contact_id == null ? '' : String(d.contact_id) };
    for (const f of this.props.custom) v[`custom.${f.key}`] = customText((d.custom || {})[f.key]);
    return v;
  }
  async loadContacts(client) {
    if (!client) return this.setState({ contacts: [] });
    try {
      const r = await api.get(`/api/v1/clients/${client.id}/contacts`);
      this.setState({ contacts: r.items });
    } catch { this.setState({ contacts: [] }); }
  }
  changes() {
    const d = this.orig; // what the form was opened on
    const { v, client } = this.state;
    const out = {};
    const text = (k) => { const x = v[k].trim(); if (x !== (d[k] || '')) out[k] = x === '' ? null : x; };
    if (!v.title.trim()) throw Object.assign(new Error(t('form.required')), { field: 'title' });
    text('title'); text('channel'); text('source');
    if (v.amount.trim() === '') { if (d.amount != null) out.amount = null; } else {
      const a = parseMoney(v.amount);
      if (!Number.isFinite(a)) throw Object.assign(new Error(t('form.badamount')), { field: 'amount' });
      if (a !== d.amount) out.amount = a;
    }
    const id = (s) => (s === '' ? null : Number(s));
    if ((client ? client.id : null) !== (d.client_id ?? null)) out.client_id = client ? client.id : null;
    if (id(v.contact_id) !== (d.contact_id ?? null)) out.contact_id = id(v.contact_id);
    if (id(v.product_id) !== (d.product_id ?? null)) out.product_id = id(v.product_id);
    if (Number(v.stage_id) !== d.stage_id) out.stage = Number(v.stage_id);
    if (lead(this.props.user) && Number(v.owner_id) !== d.owner_id) out.owner_id = Number(v.owner_id);
    const custom = {};
    for (const f of this.props.custom) {
      const nv = customValue(f, v[`custom.${f.key}`]);
      const ov = (d.custom || {})[f.key] ?? null;
      if (String(nv ?? '') !== String(ov ?? '')) custom[f.key] = nv;
    }
    if (Object.keys(custom).length) out.custom = custom;
    return out;
  }
  async submit(e) {
    e.preventDefault();
    let body;
    try { body = this.changes(); } catch (err) { return this.setState({ err }); }
    if (!Object.keys(body).length) return this.props.onCancel();
    this.setState({ busy: true, err: null });
    try { await this.props.onSave(body, this.version); } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ deal, user, users, products, stages, custom, onCancel }, { v, client, contacts, err, busy }) {
    const set = (k) => (e) => this.setState({ v: { ...v, [k]: e.target.value } });
    const inv = (k) => (err && err.field === k ? 'true' : undefined);
    const input = (k, label, extra = {}) => html`<label class=${extra.wide ? 'wide' : ''}><span>${label}</span>
      <input name=${k} value=${v[k]} onInput=${set(k)} aria-invalid=${inv(k)} inputmode=${extra.inputmode} type=${extra.type || 'text'} /></label>`;
    const select = (k, label, options) => html`<label><span>${label}</span>
      <select name=${k} value=${v[k]} onChange=${set(k)} aria-invalid=${inv(k)}>
        ${options.map(([id, name]) => html`<option value=${id}>${name}</option>`)}</select></label>`;
    return html`<form class="edit-form" id="deal-edit" onSubmit=${(e) => this.submit(e)} novalidate>
      ${input('title', t('field.title'), { wide: true })}
      ${input('amount', t('field.amount'), { inputmode: 'decimal' })}
      <label class="wide"><span>${t('deal.client')}</span>
        <${ClientPicker} value=${client} invalid=${inv('client_id')} onChange=${(c) => {
          this.setState({ client: c, v: { ...v, contact_id: '' } }); this.loadContacts(c); }} /></label>
      ${select('contact_id', t('deal.contact'), [['', '—'], ...contacts.map((c) => [String(c.id), c.role ? `${c.name} (${c.role})` : c.name])])}
      ${lead(user) ? select('owner_id', t('deal.owner'), users.filter((u) => (u.active !== false && u.role !== 'viewer') || u.id === deal.owner_id)
        .map((u) => [String(u.id), u.name || u.email])) : null}
      ${deal.status === 'open' ? select('stage_id', t('deal.stage'), stages.map((s) => [String(s.id), s.name])) : null}
      ${input('channel', t('deal.channel'))}
      ${input('source', t('deal.source'))}
      ${select('product_id', t('deal.product'), [['', '—'], ...products.map((p) => [String(p.id), p.name])])}
      ${custom.map((f) => (f.type === 'list'
        ? select(`custom.${f.key}`, f.label, [['', '—'], ...f.options.map((o) => [o, o])])
        : input(`custom.${f.key}`, f.label, { type: f.type === 'date' ? 'date' : 'text', inputmode: f.type === 'number' ? 'decimal' : undefined })))}
      <div class="form-actions">
        <button class="btn btn-primary btn-small" disabled=${busy}>${t('save')}</button>
        <button type="button" class="btn btn-small" onClick=${onCancel}>${t('cancel')}</button></div>
      <${FormError} err=${err} name=${(f) => (f.startsWith('custom.') ? (custom.find((c) => `custom.${c.key}` === f) || {}).label || f : t(`field.${f}`))} />
    </form>`;
  }
}

/* The deal's products: quantity x price each, the total; editing replaces
   the list with one PUT made on the version read. */
class DealProducts extends Component {
  constructor(p) { super(p); this.state = { editing: false, rows: [], err: null, busy: false }; }
  start() {
    const rows = this.props.data.items.map((x) => ({ product_id: String(x.product_id), quantity: String(x.quantity), price: moneyInput(x.price) }));
    this.setState({ editing: true, rows, err: null, version: this.props.data.version });
  }
  async save(e) {
    e.preventDefault();
    const items = [];
    for (const [i, r] of this.state.rows.entries()) {
      const q = Number(r.quantity);
      if (!Number.isInteger(q) || q < 1) return this.setState({ err: Object.assign(new Error(t('form.badnumber')), { field: `items[${i}].quantity` }) });
      const price = parseMoney(r.price);
      if (!Number.isFinite(price)) return this.setState({ err: Object.assign(new Error(t('form.badamount')), { field: `items[${i}].price` }) });
      items.push({ product_id: Number(r.product_id), quantity: q, price });
    }
    this.setState({ busy: true, err: null });
    try {
      await this.props.onSave(items, this.state.version);
      this.setState({ editing: false, busy: false });
    } catch (err) { this.setState({ err, busy: false }); }
  }
  render({ data, products, rw, onAuto }, { editing, rows, err, busy }) {
    const line = (r) => (Number(r.quantity) || 0) * (parseMoney(r.price) || 0);
    const setRow = (i, k, val) => {
      const next = rows.map((r, j) => (j === i ? { ...r, [k]: val } : r));
      if (k === 'product_id') { const p = products.find((x) => String(x.id) === val); if (p && p.price != null) next[i].price = moneyInput(p.price); }
      this.setState({ rows: next });
    };
    const rowName = (f) => { const m = /^items\[(\d+)\]\.(\w+)$/.exec(f); return m ? `${t('deal.products.row', { n: Number(m[1]) + 1 })}, ${t(`field.${m[2]}`)}` : t(`field.${f}`); };
    return html`<section class="card" id="deal-products"><div class="card-head"><h2>${t('deal.products')}</h2>
      ${rw && !editing ? html`<button class="btn btn-small" id="products-edit" onClick=${() => this.start()}>${t('edit')}</button>` : null}</div>
      ${!editing ? html`${data.items.length ? html`<div class="table-wrap"><table class="grid"><thead><tr><th>${t('deal.product')}</th>
          <th class="num">${t('field.quantity')}</th><th class="num">${t('field.price')}</th><th class="num">${t('deal.sum')}</th></tr></thead>
          <tbody>${data.items.map((x) => html`<tr data-product=${x.product_id}><td>${x.product}</td><td class="num">${num(x.quantity)}</td>
            <td class="num">${money(x.price)}</td><td class="num">${money(x.total)}</td></tr>`)}</tbody>
          <tfoot><tr class="total"><th colspan="3">${t('deal.total')}</th><td class="num" id="products-total">${money(data.total)}</td></tr></tfoot></table></div>`
          : html`<p class="muted">${t('deal.noproducts')}</p>`}
        <p class="small muted" id="amount-mode">${data.amount_manual ? t('deal.amount.manual') : t('deal.amount.auto')}
          ${data.amount_manual && rw && data.items.length ? html` <button class="link-btn" id="amount-auto" onClick=${onAuto}>${t('deal.amount.follow')}</button>` : null}</p>`
      : html`<form id="products-form" class="edit-form" onSubmit=${(e) => this.save(e)} novalidate>
        ${rows.map((r, i) => html`<div class="product-row" data-row=${i}>
          <select name="product_id" value=${r.product_id} onChange=${(e) => setRow(i, 'product_id', e.target.value)} aria-label=${t('deal.product')}>
            ${products.map((p) => html`<option value=${String(p.id)}>${p.name}</option>`)}</select>
          <input name="quantity" inputmode="numeric" value=${r.quantity} aria-label=${t('field.quantity')} onInput=${(e) => setRow(i, 'quantity', e.target.value)}
            aria-invalid=${err && err.field === `items[${i}].quantity` ? 'true' : undefined} />
          <span aria-hidden="true">×</span>
          <input name="price" inputmode="decimal" value=${r.price} aria-label=${t('field.price')} onInput=${(e) => setRow(i, 'price', e.target.value)}
            aria-invalid=${err && err.field === `items[${i}].price` ? 'true' : undefined} />
          <span class="num">${money(line(r))}</span>
          <button type="button" class="link-btn" aria-label=${t('remove')} title=${t('remove')} onClick=${() => this.setState({ rows: rows.filter((_, j) => j !== i) })}>✕</button></div>`)}
        <p><button type="button" class="btn btn-small" id="product-add" disabled=${!products.length}
          onClick=${() => this.setState({ rows: [...rows, { product_id: String(products[0].id), quantity: '1', price: moneyInput(products[0].price || 0) }] })}>${t('deal.products.add')}</button>
          <span class="muted"> ${t('deal.total')}: <strong>${money(rows.reduce((s, r) => s + line(r), 0))}</strong></span></p>
        <div class="form-actions"><button class="btn btn-primary btn-small" disabled=${busy}>${t('save')}</button>
          <button type="button" class="btn btn-small" onClick=${() => this.setState({ editing: false, err: null })}>${t('cancel')}</button></div>
        <${FormError} err=${err} name=${rowName} /></form>`}
    </section>`;
  }
}

/* The confirmation of a win or a loss: what changes (status, amount, the
   closing date); a loss asks for a reason of the dictionary («Другое» with
   a comment). */
class CloseDialog extends Component {
  constructor(p) {
    super(p);
    const first = p.reasons.find((r) => r.active);
    this.state = { amount: p.deal.amount == null ? '' : moneyInput(p.deal.amount), reason: first ? String(first.id) : '', comment: '', err: null, busy: false };
    this.version = p.deal.version;
  }
  componentDidMount() { const el = this.base && this.base.querySelector('select, input'); if (el) el.focus(); }
  async submit(e) {
    e.preventDefault();
    const { kind, deal, reasons } = this.props;
    const body = {};
    if (kind === 'win') {
      const a = this.state.amount.trim() === '' ? NaN : parseMoney(this.state.amount);
      if (!Number.isFinite(a)) return this.setState({ err: Object.assign(new Error(t('form.badamount')), { field: 'amount' }) });
      if (a !== deal.amount) body.amount = a;
    } else {
      const r = reasons.find((x) => String(x.id) === this.state.reason);
      if (!r) return this.setState({ err: Object.assign(new Error(t('form.required')), { field: 'reason_id' }) });
      body.reason_id = r.id;
      if (this.state.comment.trim()) body.comment = this.state.comment.trim();
      else if (r.comment_required) return this.setState({ err: Object.assign(new Error(t('form.required')), { field: 'comment' }) });
    }
    this.setState({ busy: true, err: null });
    try { await this.props.onConfirm(body, this.version); } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ kind, deal, reasons, onCancel }, { amount, reason, comment, err, busy }) {
    const r = reasons.find((x) => String(x.id) === reason);
    const inv = (k) => (err && err.field === k ? 'true' : undefined);
    const newAmount = kind === 'win' && amount.trim() !== '' ? parseMoney(amount) : deal.amount;
    return html`<div class="dialog-back" onClick=${(e) => { if (e.target === e.currentTarget) onCancel(); }}>
      <form class="dialog" id="close-dialog" role="dialog" aria-modal="true" aria-labelledby="close-title"
        onSubmit=${(e) => this.submit(e)} onKeyDown=${(e) => { if (e.key === 'Escape') onCancel(); }} novalidate>
        <h2 id="close-title">${t(kind === 'win' ? 'deal.win.title' : 'deal.lose.title')}</h2>
        <dl class="fields changes">
          <div><dt>${t('deal.status')}</dt><dd>${t('deal.status.open')} → <strong>${t(kind === 'win' ? 'deal.status.won' : 'deal.status.lost')}</strong></dd></div>
          <div><dt>${t('deal.amount')}</dt><dd id="close-amount">${kind === 'win' && Number.isFinite(newAmount) && newAmount !== deal.amount
            ? html`${money(deal.amount)} → <strong>${money(newAmount)}</strong>` : money(deal.amount)}</dd></div>
          <div><dt>${t('deal.closed')}</dt><dd id="close-date">${date(new Date().toISOString())}</dd></div>
          <div><dt>${t('deal.revenue')}</dt><dd>${t(kind === 'win' ? 'deal.win.counts' : 'deal.lose.counts')}</dd></div>
        </dl>
        ${kind === 'win' ? html`<label><span>${t('field.amount')}</span><input name="amount" inputmode="decimal" value=${amount}
            aria-invalid=${inv('amount')} onInput=${(e) => this.setState({ amount: e.target.value })} /></label>`
          : html`<label><span>${t('field.reason')}</span><select name="reason_id" value=${reason} aria-invalid=${inv('reason_id')}
              onChange=${(e) => this.setState({ reason: e.target.value })}>
              ${reasons.filter((x) => x.active).map((x) => html`<option value=${String(x.id)}>${x.name}</option>`)}</select></label>
            <label><span>${r && r.comment_required ? t('deal.lose.comment.req') : t('deal.lose.comment')}</span>
              <textarea name="comment" rows="2" value=${comment} aria-invalid=${inv('comment')}
                onInput=${(e) => this.setState({ comment: e.target.value })}></textarea></label>`}
        <${FormError} err=${err} />
        <div class="form-actions">
          <button class=${`btn btn-small ${kind === 'win' ? 'btn-primary' : 'btn-danger'}`} id="close-confirm" disabled=${busy}>
            ${t(kind === 'win' ? 'deal.win' : 'deal.lose')}</button>
          <button type="button" class="btn btn-small" onClick=${onCancel}>${t('cancel')}</button></div>
      </form></div>`;
  }
}

export class Deal extends Component {
  constructor(p) { super(p); this.state = { loading: true, error: null, tab: 'call', editing: false }; }
  componentDidMount() { this.load(); }
  componentWillUnmount() { clearTimeout(this.undoTimer); }
  async load() {
    const id = encodeURIComponent(this.props.params.id);
    const seq = this.loads = (this.loads || 0) + 1;
    this.setState({ error: null });
    try {
      // the forms' lists with the card, so that the first view names the custom fields
      const dicts = this.dicts ? null : this.loadDicts();
      const [deal, tl, acts, tasks, pays, prods] = await Promise.all([
        api.get(`/api/v1/deals/${id}`),
        api.get(`/api/v1/deals/${id}/timeline`, { limit: 100 }),
        api.get('/api/v1/activities', { deal_id: id, sort: '-at', limit: 100 }),
        api.get('/api/v1/tasks', { deal_id: id, sort: '-due_at', limit: 100 }),
        api.get('/api/v1/payments', { deal_id: id, limit: 100 }),
        api.get(`/api/v1/deals/${id}/products`),
      ]);
      if (dicts) await dicts;
      // a later load, or a conflict shown since, wins over this one
      if (seq !== this.loads) return;
      this.setState({ loading: false, deal, tl: tl.items, tlNext: tl.next_cursor, acts: acts.items, tasks: tasks.items, pays: pays.items, prods, conflict: null });
    } catch (error) { this.setState({ loading: false, error }); }
  }
  /* What the forms choose from, read once. */
  async loadDicts() {
    const { user } = this.props;
    const [pipes, products, custom, reasons, users] = await Promise.all([
      api.get('/api/v1/pipelines'), api.get('/api/v1/products'), api.get('/api/v1/custom-fields', { entity: 'deal' }),
      api.get('/api/v1/loss-reasons'), lead(user) ? api.get('/api/v1/users') : Promise.resolve({ items: [] }),
    ]).catch(() => [{ items: [] }, { items: [] }, { items: [] }, { items: [] }, { items: [] }]);
    this.dicts = { pipes: pipes.items || [], products: products.items || [], custom: custom.items || [], reasons: reasons.items || [], users: users.items || [] };
  }
  /* A write refused because the deal changed meanwhile shows who won the
     race: the current values and a reload. Anything else goes to the form. */
  conflicted(err) {
    if (err && err.status === 409 && err.code === 'version_conflict') {
      this.loads = (this.loads || 0) + 1; // a load still running must not clear the notice
      this.setState({ conflict: err.current || {}, editing: false, dialog: null });
      return true;
    }
    return false;
  }
  async save(body, version = this.state.deal.version) {
    const d = this.state.deal;
    try {
      const deal = await api.patchAt(`/api/v1/deals/${d.id}`, body, version);
      // the products carry the deal's version: one's own change is not
      // "changed by someone else" to a products form opened before load() ends
      this.setState({ deal, editing: false, prods: { ...this.state.prods, version: deal.version } });
      this.load();
    } catch (err) { if (!this.conflicted(err)) throw err; }
  }
  async saveProducts(items, version) {
    const d = this.state.deal;
    try {
      await api.put(`/api/v1/deals/${d.id}/products`, { items }, version);
      await this.load();
    } catch (err) { if (!this.conflicted(err)) throw err; }
  }
  async follow() {
    try { await this.save({ amount: null }); } catch (error) { this.setState({ actError: error }); }
  }
  async close(kind, body, version) {
    const d = this.state.deal;
    try {
      const deal = await api.postAt(`/api/v1/deals/${d.id}/${kind}`, body, version);
      clearTimeout(this.undoTimer);
      this.setState({ deal, dialog: null, undo: { kind } });
      this.undoTimer = setTimeout(() => this.setState({ undo: null }), UNDO_MS);
      this.load();
    } catch (err) { if (!this.conflicted(err)) throw err; }
  }
  async undo() {
    clearTimeout(this.undoTimer);
    try {
      await api.post(`/api/v1/deals/${this.state.deal.id}/undo`, {});
      this.setState({ undo: null, actError: null });
    } catch (actError) { this.setState({ undo: null, actError }); }
    await this.load();
  }
  async reopen() {
    const d = this.state.deal;
    try {
      await api.postAt(`/api/v1/deals/${d.id}/reopen`, {}, d.version);
      this.setState({ actError: null });
      await this.load();
    } catch (err) { if (!this.conflicted(err)) this.setState({ actError: err }); }
  }
  async logActivity(kind, v) {
    const d = this.state.deal;
    const body = { type: kind, deal_id: d.id, at: v.at };
    if (d.client_id) body.client_id = d.client_id;
    if (kind === 'call') {
      const min = Number(String(v.minutes).replace(',', '.'));
      if (!Number.isFinite(min) || min < 0) throw Object.assign(new Error(t('form.badamount')), { field: 'duration_s' });
      body.duration_s = Math.round(min * 60);
      body.direction = v.direction;
      if (v.outcome) body.outcome = v.outcome;
    } else if (v.outcome) body.outcome = v.outcome;
    await api.post('/api/v1/activities', body);
    await this.load();
  }
  async addPayment(v) {
    const amount = parseMoney(v.amount);
    if (!(amount > 0)) throw Object.assign(new Error(t('form.badamount')), { field: 'amount' });
    const d = this.state.deal;
    const body = { amount, paid_at: v.paid_at, deal_id: d.id };
    if (d.client_id) body.client_id = d.client_id;
    await api.post('/api/v1/payments', body);
    await this.load();
  }
  async moreTimeline() {
    const d = this.state.deal;
    const r = await api.get(`/api/v1/deals/${d.id}/timeline`, { limit: 100, cursor: this.state.tlNext });
    this.setState({ tl: [...this.state.tl, ...r.items], tlNext: r.next_cursor });
  }
  conflictView(c) {
    const rows = [['field.title', c.title], ['deal.amount', money(c.amount)], ['deal.client', c.client], ['deal.stage', c.stage],
      ['deal.owner', c.owner], ['deal.status', c.status ? t(`deal.status.${c.status}`) : null]];
    return html`<${ConflictNotice} id="deal-conflict" title=${t('deal.conflict')} rows=${rows} onReload=${() => this.load()} />`;
  }
  render({ title, user }, s) {
    if (s.loading) return html`<div class="page"><${Spinner} /></div>`;
    if (s.error) return html`<div class="page"><header class="page-head"><h1>${title}</h1></header>
      <${ErrorBox} error=${s.error} onRetry=${() => this.load()} /><p><a href="/deals">← ${t('nav.deals')}</a></p></div>`;
    const d = s.deal;
    const dicts = this.dicts;
    // a viewer reads the card: no form that the server would refuse
    const rw = user.role !== 'viewer';
    const statusCls = d.status === 'won' ? 'badge-good' : d.status === 'lost' ? 'badge-bad' : '';
    const fields = [['deal.client', d.client_id ? html`<a href=${`/clients/${d.client_id}`}>${d.client}</a>` : null],
      ['deal.contact', d.contact], ['deal.amount', money(d.amount)], ['deal.stage', d.stage],
      ['deal.owner', d.owner], ['deal.channel', d.channel], ['deal.source', d.source], ['deal.product', d.product_id && dicts ? (dicts.products.find((p) => p.id === d.product_id) || {}).name : null],
      ['deal.created', dateTime(d.created_at)], ['deal.days', num(d.days_in_stage)]];
    if (d.status !== 'open') fields.push(['deal.closed', dateTime(d.closed_at)]);
    if (d.loss_reason) fields.push(['deal.reason', d.loss_comment ? `${d.loss_reason}: ${d.loss_comment}` : d.loss_reason]);
    if (dicts) for (const f of dicts.custom) fields.push([null, customShown(f, (d.custom || {})[f.key]), f.label]);
    const stages = dicts ? ((dicts.pipes.find((p) => p.id === d.pipeline_id) || {}).stages || []) : [];
    return html`<div class="page deal-page" data-deal=${d.id} data-version=${d.version}>
      <p class="crumbs"><a href="/deals">← ${t('nav.deals')}</a> · <a href="/board">${t('nav.board')}</a></p>
      <header class="page-head"><h1>${d.title || `#${d.id}`}</h1>
        <span class=${`badge ${statusCls}`} id="deal-status">${t(`deal.status.${d.status}`)}</span>
        ${rw && dicts ? html`<div class="head-actions">
          ${!s.editing ? html`<button class="btn btn-small" id="deal-edit-btn" onClick=${() => this.setState({ editing: true, conflict: null })}>${t('edit')}</button>` : null}
          ${d.status === 'open' ? html`<button class="btn btn-small btn-good" id="deal-win" onClick=${() => this.setState({ dialog: 'win' })}>${t('deal.win')}</button>
            <button class="btn btn-small btn-bad" id="deal-lose" onClick=${() => this.setState({ dialog: 'lose' })}>${t('deal.lose')}</button>` : null}
          ${d.status !== 'open' && lead(user) ? html`<button class="btn btn-small" id="deal-reopen" onClick=${() => this.reopen()}>${t('deal.reopen')}</button>` : null}
        </div>` : null}</header>
      ${s.undo ? html`<div class="notice" id="deal-undo" role="status">${t(s.undo.kind === 'win' ? 'deal.won.notice' : 'deal.lost.notice')}
        <button class="btn btn-small" id="undo-btn" onClick=${() => this.undo()}>${t('undo')}</button></div>` : null}
      ${s.conflict ? this.conflictView(s.conflict) : null}
      ${s.actError ? html`<${ErrorBox} error=${s.actError} />` : null}
      ${s.dialog && dicts ? html`<${CloseDialog} kind=${s.dialog} deal=${d} reasons=${dicts.reasons}
        onCancel=${() => this.setState({ dialog: null })} onConfirm=${(body, v) => this.close(s.dialog, body, v)} />` : null}
      <div class="deal-grid">
        <div>
          <section class="card">${s.editing && dicts ? html`<${DealEdit} deal=${d} user=${user} users=${dicts.users} products=${dicts.products}
              stages=${stages} custom=${dicts.custom} onSave=${(b, v) => this.save(b, v)} onCancel=${() => this.setState({ editing: false })} />`
            : html`<dl class="fields" id="deal-fields">${fields.map(([k, v, label]) => html`<div><dt>${label || t(k)}</dt><dd>${v ?? '—'}</dd></div>`)}</dl>`}</section>
          ${dicts ? html`<${DealProducts} data=${s.prods} products=${dicts.products} rw=${rw && d.status === 'open'}
            onSave=${(items, v) => this.saveProducts(items, v)} onAuto=${() => this.follow()} />` : null}
          <section class="card"><h2>${t('deal.timeline')}</h2>
            ${rw ? html`<${NoteForm} onAdd=${async (text) => { await api.post(`/api/v1/deals/${d.id}/notes`, { text }); await this.load(); }} />` : null}
            <${Timeline} items=${s.tl} user=${user} custom=${dicts ? dicts.custom : []} onChanged=${() => this.load()} />
            ${s.tlNext ? html`<button class="btn btn-small" onClick=${() => this.moreTimeline()}>${t('more')}</button>` : null}</section>
          <section class="card"><h2>${t('deal.payments')}</h2>
            ${s.pays.length ? html`<table class="grid"><tbody>${s.pays.map((p) => html`<tr><td>${date(p.paid_at)}</td>
              <td class="num">${money(p.amount)}</td></tr>`)}</tbody></table>` : html`<p class="muted">${t('deal.nopayments')}</p>`}
            ${rw ? html`<${MiniForm} id="pay-form" submit=${t('deal.addpayment')} onSubmit=${(v) => this.addPayment(v)} fields=${[
              { name: 'amount', label: t('field.amount'), inputmode: 'decimal', required: true },
              { name: 'paid_at', label: t('field.paid_at'), type: 'date', value: nowLocal().slice(0, 10), required: true, keep: true }]} />` : null}
          </section>
        </div>
        <div>
          <section class="card"><h2>${t('deal.tasks')}</h2>
            <${TaskList} tasks=${s.tasks} rw=${rw} onChanged=${() => this.load()} />
            ${rw ? html`<${MiniForm} id="task-form" submit=${t('deal.addtask')} onSubmit=${async (v) => { await addTask(d, v); await this.load(); }} fields=${taskFields()} />` : null}
          </section>
          <section class="card"><div class="card-head"><h2>${t('deal.activities')}</h2></div>
            ${rw ? html`<div class="tabs" role="tablist">${['call', 'meeting'].map((k) => html`<button role="tab" aria-selected=${s.tab === k}
              class=${`tab${s.tab === k ? ' active' : ''}`} onClick=${() => this.setState({ tab: k })}>${t(`deal.log.${k}`)}</button>`)}</div>
            ${s.tab === 'call' ? html`<${MiniForm} key="call" id="call-form" submit=${t('deal.log.call')} onSubmit=${(v) => this.logActivity('call', v)} fields=${[
                { name: 'minutes', label: t('deal.minutes'), inputmode: 'decimal', required: true },
                { name: 'direction', label: t('deal.direction'), value: 'out', keep: true, options: [['out', t('deal.dir.out')], ['in', t('deal.dir.in')]] },
                { name: 'outcome', label: t('field.outcome'), value: 'reached', keep: true, options: OUTCOMES.map((o) => [o, t(`deal.out.${o}`)]) },
                { name: 'at', label: t('field.at'), type: 'datetime-local', value: nowLocal(), required: true }]} />`
              : html`<${MiniForm} key="meeting" id="meeting-form" submit=${t('deal.log.meeting')} onSubmit=${(v) => this.logActivity('meeting', v)} fields=${[
                { name: 'outcome', label: t('field.outcome'), wide: true },
                { name: 'at', label: t('field.at'), type: 'datetime-local', value: nowLocal(), required: true }]} />`}` : null}
            ${s.acts.length ? html`<ul class="acts" id="deal-acts">${s.acts.map((a) => html`<li data-type=${a.type}>
              <span class="badge">${t(`deal.type.${a.type}`)}</span>
              ${a.type === 'call' ? html`<span class="num">${num((a.duration_s || 0) / 60, 1)} ${t('deal.min')}</span> ` : null}
              ${a.outcome ? html`<span>${t(`deal.out.${a.outcome}`) === `deal.out.${a.outcome}` ? a.outcome : t(`deal.out.${a.outcome}`)}</span>` : null}
              <span class="muted small">${dateTime(a.at)}</span></li>`)}</ul>` : html`<p class="muted">${t('deal.noacts')}</p>`}
          </section>
        </div>
      </div></div>`;
  }
}

export { customValue, CloseDialog, UNDO_MS };
