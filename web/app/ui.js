// ui.js - the pieces every screen uses: Load (loading / empty / error
// around a request), ErrorBox (with the field the server named), FormError
// (a form's error line), PctBar
// (colored by pace), Chart (an ECharts instance tied to a component).
import { html, Component, createRef } from './lib.js';
import { t, pct, money, num, date, dateTime, moneyDigits, getLang } from './i18n.js';
import { api } from './api.js';
import * as echarts from '/node_modules/echarts/dist/echarts.esm.min.mjs';

export function Spinner() {
  return html`<div class="state state-loading" role="status" aria-live="polite">
    <span class="spinner" aria-hidden="true"></span>${t('loading')}</div>`;
}

export function Empty({ text }) {
  return html`<div class="state state-empty">${text || t('empty')}</div>`;
}

/* A form's error line, the one every form shows: the refused field's name,
   then the server's message. The name is label when given, else
   name(field) when given (settings: its own labels), else the field.*
   label when there is one; id (optional) lets aria-describedby point at it. A message that
   already starts with that name («ИНН — 10 или 12 цифр») is not prefixed
   with it again. */
export function FormError({ err, id, label, name }) {
  if (!err) return null;
  // a field without a label of its own is named by the message itself
  // (every message_ru names what it refuses): never the raw key
  const known = (k) => (t(`field.${k}`) === `field.${k}` ? '' : t(`field.${k}`));
  let fname = err.field ? label || (name ? name(err.field) : known(err.field)) : '';
  if (/^[a-z][a-z_]*\.[\w.[\]]+$/.test(fname)) fname = ''; // a screen's own key without a text
  let msg = String(err.message || '');
  // the API's message names its field by the key («max_attempts — от 1 до
  // 10»): on a form, by the field's label («Попыток — от 1 до 10»)
  if (fname && err.field && msg.startsWith(`${err.field} — `)) msg = `${fname} — ${msg.slice(err.field.length + 3)}`;
  const field = fname && !msg.toLowerCase().startsWith(fname.toLowerCase()) ? `${fname}: ` : '';
  return html`<div class="form-error" role="alert" id=${id}>${field}${msg}</div>`;
}

export function ErrorBox({ error, onRetry }) {
  if (!error) return null;
  return html`<div class="state state-error" role="alert">
    <strong>${t('error')}${error.status ? ` ${error.status}` : ''}:</strong> ${error.message}
    ${error.field ? html` <span class="err-field">(${t('error.field')}: <code>${error.field}</code>)</span>` : null}
    ${onRetry ? html` <button class="btn btn-small" onClick=${onRetry}>${t('retry')}</button>` : null}
  </div>`;
}

/* <Load fetch=${() => promise} deps=${key} isEmpty=${d => bool}>${data => view}</Load>:
   refetches when deps changes. */
export class Load extends Component {
  constructor(props) {
    super(props);
    this.state = { data: null, error: null, loading: true };
    this.seq = 0;
  }
  componentDidMount() { this.run(); }
  componentDidUpdate(prev) { if (prev.deps !== this.props.deps) this.run(); }
  run() {
    const my = ++this.seq;
    this.setState({ loading: true, error: null });
    Promise.resolve()
      .then(() => this.props.fetch())
      .then((data) => { if (my === this.seq) this.setState({ data, loading: false }); })
      .catch((error) => { if (my === this.seq) this.setState({ error, loading: false }); });
  }
  render({ children, isEmpty, emptyText }, { data, error, loading }) {
    if (loading && !data) return html`<${Spinner} />`;
    if (error) return html`<${ErrorBox} error=${error} onRetry=${() => this.run()} />`;
    if (isEmpty && isEmpty(data)) return html`<${Empty} text=${emptyText} />`;
    const view = typeof children === 'function' ? children : children[0];
    return html`<div class=${loading ? 'reloading' : ''}>${view(data, () => this.run())}</div>`;
  }
}

/* Pace: green when fact is at least the plan prorated by elapsed/total
   working days, yellow within 10% of it, red behind (docs/reports.md). */
export function pace(fact, plan, elapsed, total, lowerIsBetter = false) {
  if (plan == null || plan === 0 || fact == null) return 'none';
  const due = total ? (plan * elapsed) / total : plan;
  if (lowerIsBetter) return fact <= plan ? 'good' : fact <= plan * 1.1 ? 'warn' : 'bad';
  if (fact >= due) return 'good';
  if (fact >= due * 0.9) return 'warn';
  return 'bad';
}

export function PctBar({ value, pace: p, due }) {
  if (value == null) return html`<span class="muted">—</span>`;
  const w = Math.max(0, Math.min(1, value)) * 100;
  const mark = due != null ? Math.max(0, Math.min(1, due)) * 100 : null;
  return html`<span class="pctbar pace-${p}" title=${t(`pf.pace.${p}`) || ''}>
    <span class="pctbar-track"><span class="pctbar-fill" style=${`width:${w}%`}></span>
      ${mark != null ? html`<span class="pctbar-due" style=${`left:${mark}%`}></span>` : null}</span>
    <span class="pctbar-num">${pct(value, 0)}</span></span>`;
}

export class Chart extends Component {
  constructor(props) { super(props); this.ref = createRef(); this.onResize = () => this.chart && this.chart.resize(); }
  componentDidMount() {
    this.chart = echarts.init(this.ref.current, null, { renderer: 'canvas' });
    this.chart.setOption(this.props.option);
    window.addEventListener('resize', this.onResize);
  }
  componentDidUpdate() { this.chart.setOption(this.props.option, true); }
  componentWillUnmount() { window.removeEventListener('resize', this.onResize); this.chart.dispose(); }
  render({ height = 320, label }) {
    return html`<div class="chart" ref=${this.ref} role="img" aria-label=${label || ''} style=${`height:${height}px`}></div>`;
  }
}

/* The palette the charts share with style.css. */
export const COLORS = ['#2f6bd8', '#18a05e', '#e0912b', '#8a5cd1', '#d04b4b', '#3aa7b8', '#7a8597'];

export function Tabs({ tabs, value, onChange }) {
  return html`<div class="tabs" role="tablist">${tabs.map(([k, label]) => html`
    <button role="tab" aria-selected=${k === value} class=${`tab${k === value ? ' active' : ''}`}
      onClick=${() => onChange(k)}>${label}</button>`)}</div>`;
}

/* Now as a datetime-local input's value. */
export function nowLocal() {
  const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
}

/* Minor units as a person types them back (150000 -> "1500,00" in Russian). */
export function moneyInput(minor) {
  if (minor == null) return '';
  const d = moneyDigits();
  const s = (minor / 10 ** d).toFixed(d);
  return getLang() === 'ru' ? s.replace('.', ',') : s;
}

/* A small form: fields [{name, label, type, options, required}], onSubmit(values) -> promise. */
export class MiniForm extends Component {
  constructor(p) {
    super(p);
    const v = {};
    for (const f of p.fields) v[f.name] = f.value ?? '';
    this.state = { v, err: null, busy: false };
    this.els = {};
  }
  async submit(e) {
    e.preventDefault();
    for (const f of this.props.fields)
      if (f.required && !String(this.state.v[f.name]).trim()) {
        this.setState({ err: { field: f.name, message: t('form.required') } });
        return this.els[f.name] && this.els[f.name].focus();
      }
    this.setState({ busy: true, err: null });
    try {
      await this.props.onSubmit(this.state.v);
      const v = {};
      for (const f of this.props.fields) v[f.name] = f.keep ? this.state.v[f.name] : (f.value ?? '');
      this.setState({ v, busy: false });
    } catch (err) {
      this.setState({ err, busy: false });
      const el = err.field && this.els[err.field];
      if (el) el.focus();
    }
  }
  render({ fields, submit, id, cancel, onCancel }, { v, err, busy }) {
    return html`<form class="mini-form" id=${id} onSubmit=${(e) => this.submit(e)} novalidate>
      ${fields.map((f) => html`<label class=${f.wide ? 'wide' : ''}><span>${f.label}</span>
        ${f.options ? html`<select name=${f.name} ref=${(el) => { this.els[f.name] = el; }} value=${v[f.name]}
            onChange=${(e) => this.setState({ v: { ...v, [f.name]: e.target.value } })}>
            ${f.options.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select>`
          : f.type === 'textarea' ? html`<textarea name=${f.name} rows="2" value=${v[f.name]} ref=${(el) => { this.els[f.name] = el; }}
            aria-invalid=${err && err.field === f.name ? 'true' : undefined}
            onInput=${(e) => this.setState({ v: { ...v, [f.name]: e.target.value } })}></textarea>`
          : f.type === 'checkbox' ? html`<input name=${f.name} type="checkbox" checked=${!!v[f.name]}
            onChange=${(e) => this.setState({ v: { ...v, [f.name]: e.target.checked } })} />`
          : html`<input name=${f.name} type=${f.type || 'text'} value=${v[f.name]} inputmode=${f.inputmode} list=${f.list}
            ref=${(el) => { this.els[f.name] = el; }} aria-invalid=${err && err.field === f.name ? 'true' : undefined}
            onInput=${(e) => this.setState({ v: { ...v, [f.name]: e.target.value } })} />`}</label>`)}
      <button class="btn btn-primary btn-small" disabled=${busy}>${submit}</button>
      ${onCancel ? html`<button type="button" class="btn btn-small" onClick=${onCancel}>${cancel || t('cancel')}</button>` : null}
      <${FormError} err=${err} /></form>`;
  }
}

/* Picks a client: type a part of the name (searched after a pause), choose
   one, or create a client of that name at once. value {id, name} or null. */
export class ClientPicker extends Component {
  constructor(p) { super(p); this.state = { q: p.value ? p.value.name : '', items: [], open: false, err: null }; }
  componentWillUnmount() { clearTimeout(this.timer); }
  type(q) {
    this.setState({ q, open: true });
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      if (!q.trim()) return this.setState({ items: [] });
      try { const r = await api.get('/api/v1/clients', { q: q.trim(), limit: 8 }); this.setState({ items: r.items, err: null }); } catch (err) { this.setState({ err }); }
    }, 200);
  }
  pick(c) { this.setState({ q: c ? c.name : '', open: false, items: [] }); this.props.onChange(c ? { id: c.id, name: c.name } : null); }
  async create() {
    try { const c = await api.post('/api/v1/clients', { name: this.state.q.trim() }); this.pick(c); } catch (err) { this.setState({ err }); }
  }
  render({ value, invalid }, { q, items, open, err }) {
    const exact = items.some((c) => c.name.toLowerCase() === q.trim().toLowerCase());
    return html`<div class="picker">
      <input name="client" value=${q} autocomplete="off" aria-invalid=${invalid} role="combobox" aria-expanded=${open}
        onInput=${(e) => this.type(e.target.value)} onFocus=${() => this.setState({ open: true })} />
      ${value ? html`<button type="button" class="link-btn small" onClick=${() => this.pick(null)}>${t('picker.clear')}</button>` : null}
      ${open && q.trim() && (!value || q !== value.name) ? html`<ul class="picker-list" role="listbox">
        ${items.map((c) => html`<li role="option"><button type="button" onClick=${() => this.pick(c)}>${c.name}</button></li>`)}
        ${!exact ? html`<li><button type="button" class="picker-new" onClick=${() => this.create()}>${t('picker.create', { name: q.trim() })}</button></li>` : null}
      </ul>` : null}
      ${err ? html`<${FormError} err=${err} />` : null}</div>`;
  }
}

/* A note's text: a textarea and its button. */
export class NoteForm extends Component {
  constructor(p) { super(p); this.state = { text: p.text || '', err: null, busy: false }; }
  async submit(e) {
    e.preventDefault();
    const text = this.state.text.trim();
    if (!text) return this.setState({ err: { field: 'text', message: t('form.required') } });
    this.setState({ busy: true, err: null });
    try { await this.props.onAdd(text); this.setState({ text: '', busy: false }); } catch (err) { this.setState({ err, busy: false }); }
  }
  render({ id = 'note-form', submit, onCancel }, { text, err, busy }) {
    return html`<form class="note-form" id=${id} onSubmit=${(e) => this.submit(e)} novalidate>
      <textarea name="text" rows="2" placeholder=${t('note.placeholder')} aria-label=${t('note.placeholder')} value=${text}
        aria-invalid=${err ? 'true' : undefined} onInput=${(e) => this.setState({ text: e.target.value })}></textarea>
      <div class="form-actions"><button class="btn btn-primary btn-small" disabled=${busy}>${submit || t('note.add')}</button>
        ${onCancel ? html`<button type="button" class="btn btn-small" onClick=${onCancel}>${t('cancel')}</button>` : null}</div>
      <${FormError} err=${err} /></form>`;
  }
}

/* A custom field's value as a card shows it: a date and a number as the
   language writes them ("15.12.2026", "75,5"), a list's or a text's as it is. */
export function customShown(f, v) {
  if (v == null || v === '') return null;
  if (f.type === 'date') return date(String(v));
  if (f.type === 'number' && typeof v === 'number') return num(v, 6);
  return String(v);
}

/* What a "changed" item of a timeline says of one field; the custom
   fields' change ({"custom": {"old": {...}, "new": {...}}}) one part per
   field that changed, named by its label in fields (the org's custom
   fields of the item's entity). */
function changeText(k, c, fields = []) {
  if (k === 'custom' && c && typeof c === 'object' && 'new' in c) {
    const o = c.old || {}, n = c.new || {};
    // in the order of the fields (the form's), unknown keys last
    const at = (x) => { const i = fields.findIndex((y) => y.key === x); return i < 0 ? fields.length : i; };
    return [...new Set([...Object.keys(o), ...Object.keys(n)])].filter((x) => JSON.stringify(o[x]) !== JSON.stringify(n[x]))
      .sort((a, b) => at(a) - at(b)).map((x) => {
      const f = fields.find((y) => y.key === x);
      const show = (v) => (f ? customShown(f, v) : v == null || v === '' ? null : String(v)) ?? '—';
      return `${f ? f.label : x}: ${show(o[x])} → ${show(n[x])}`;
    }).join('; ');
  }
  const label = t(`field.${k}`) === `field.${k}` ? k.replace(/^custom\./, '') : t(`field.${k}`);
  if (c && typeof c === 'object' && 'new' in c) {
    const show = (v) => (v == null || v === '' ? '—' : k === 'amount' ? money(v) : k === 'key_account' ? t(v ? 'yes' : 'no')
      : /_id$/.test(k) ? `#${v}` : String(v));
    return `${label}: ${show(c.old)} → ${show(c.new)}`;
  }
  return `${label}: ${typeof c === 'object' ? JSON.stringify(c) : c}`;
}

/* A timeline (deal's or client's), newest first; a note of one's own may
   be edited, deleted by its author, an admin or the head. */
export class Timeline extends Component {
  constructor(p) { super(p); this.state = { editing: null, err: null }; }
  async del(id) {
    try { await api.del(`/api/v1/notes/${id}`); this.props.onChanged(); } catch (err) { this.setState({ err }); }
  }
  render({ items, user, showDeal, custom = [] }, { editing, err }) {
    if (!items.length) return html`<p class="muted">${t('empty')}</p>`;
    const me = user.user_id;
    const lead = user.role === 'admin' || user.role === 'head';
    return html`<div>${err ? html`<${ErrorBox} error=${err} />` : null}<ol class="timeline" id="timeline">${items.map((x) => html`<li data-kind=${x.kind} data-id=${x.id}>
      <span class="tl-dot"></span><span class="badge">${t(`tl.${x.kind}`)}</span>
      ${x.kind === 'note' && editing === x.id ? html`<${NoteForm} id="note-edit" text=${x.text} submit=${t('save')} onCancel=${() => this.setState({ editing: null })}
          onAdd=${async (text) => { await api.patch(`/api/v1/notes/${x.id}`, { text }); this.setState({ editing: null }); this.props.onChanged(); }} />`
        : x.kind === 'note' ? html`<div class="note-text">${x.text}</div>`
        : x.kind === 'changed' && x.changes && x.changes.from != null && typeof x.changes.from !== 'object'
          ? html` <span>${t('tl.merged', { name: x.changes.name || `#${x.changes.from}`, n: x.changes.deals || 0 })}</span>`
        : x.kind === 'changed' && x.changes ? html` <span>${Object.entries(x.changes).map(([k, c]) => changeText(k, c,
          custom.filter((f) => !f.entity || f.entity === (x.deal_id ? 'deal' : 'client')))).join('; ')}</span>`
        : x.kind === 'payment' ? html` <strong>${money(x.amount)}</strong>`
        : x.kind === 'activity' ? html` <span>${t(`deal.type.${x.type}`)}${x.duration_s ? ` · ${Math.round(x.duration_s / 60)} ${t('deal.min')}` : ''}${x.text ? ` · ${x.text}` : ''}</span>`
        : x.text ? html` <span>${x.text}</span>` : null}
      <div class="muted small">${dateTime(x.at)}${x.user ? ` · ${x.user}` : ''}${x.kind === 'note' && x.edited_at ? ` · ${t('note.edited')}` : ''}
        ${showDeal && x.deal_id ? html` · <a href=${`/deals/${x.deal_id}`}>${t('nav.deal')} #${x.deal_id}</a>` : null}
        ${x.kind === 'note' && x.user_id === me && editing !== x.id ? html` · <button class="link-btn small note-edit" onClick=${() => this.setState({ editing: x.id })}>${t('edit')}</button>` : null}
        ${x.kind === 'note' && (x.user_id === me || lead) && editing !== x.id ? html` · <button class="link-btn small note-del" onClick=${() => this.del(x.id)}>${t('delete')}</button>` : null}</div>
    </li>`)}</ol></div>`;
  }
}

/* Admin and head: the roles that lead the department (owner pickers,
   reopen, merge). The server checks again. */
export const lead = (user) => user.role === 'admin' || user.role === 'head';

/* A change refused because someone else changed the object first (409
   version_conflict): what it is now, and a reload. rows [[key, value]]. */
export function ConflictNotice({ id, title, rows, onReload }) {
  return html`<div class="notice notice-warn" id=${id} role="alert"><strong>${title}</strong><p>${t('deal.conflict.text')}</p>
    <dl class="fields">${rows.map(([k, v]) => html`<div><dt>${t(k)}</dt><dd>${v || '—'}</dd></div>`)}</dl>
    <button class="btn btn-primary btn-small" id="conflict-reload" onClick=${onReload}>${t('deal.conflict.reload')}</button></div>`;
}
