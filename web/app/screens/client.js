// client.js - the client card: requisites (INN, KPP, address, phone,
// e-mail, website), segment, key account, owner, custom fields, editing
// them on the version read (If-Match: a 409 shows the current values);
// the contact persons (add, edit, delete); the client's deals; its
// timeline with notes; merging a duplicate client into this one (admin,
// head) after a confirmation naming what moves.
// GET/PATCH /api/v1/clients/{id}, /contacts, /timeline, /notes, /merge.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, date } from '../i18n.js';
import { Spinner, ErrorBox, FormError, MiniForm, Timeline, NoteForm, ConflictNotice, lead, customShown } from '../ui.js';
import { customValue } from './deal.js';
import { NpsBlock } from './client_nps.js'; /* issue 12, item 2 */
import { KeyAccountCard } from './key_accounts.js';

const TEXTS = ['name', 'inn', 'kpp', 'address', 'phone', 'email', 'website', 'segment', 'region', 'channel', 'source', 'comment'];
const list = (s) => String(s || '').split(/[,;\n]/).map((x) => x.trim()).filter(Boolean);

/* The client's fields as a form; onSave(changes) with the changed ones. */
class ClientEdit extends Component {
  constructor(p) {
    super(p);
    const c = p.client;
    const v = { key_account: !!c.key_account, owner_id: String(c.owner_id) };
    for (const k of TEXTS) v[k] = c[k] || '';
    for (const f of p.custom) v[`custom.${f.key}`] = (c.custom || {})[f.key] == null ? '' : String(c.custom[f.key]);
    this.state = { v, err: null, busy: false };
    this.orig = c; // what the form was opened on, and its version
  }
  async submit(e) {
    e.preventDefault();
    const c = this.orig;
    const { v } = this.state;
    const out = {};
    try {
      if (!v.name.trim()) throw Object.assign(new Error(t('form.required')), { field: 'name' });
      for (const k of TEXTS) { const x = v[k].trim(); if (x !== (c[k] || '')) out[k] = x === '' ? null : x; }
      if (v.key_account !== !!c.key_account) out.key_account = v.key_account;
      if (lead(this.props.user) && Number(v.owner_id) !== c.owner_id) out.owner_id = Number(v.owner_id);
      const custom = {};
      for (const f of this.props.custom) {
        const nv = customValue(f, v[`custom.${f.key}`]);
        if (String(nv ?? '') !== String((c.custom || {})[f.key] ?? '')) custom[f.key] = nv;
      }
      if (Object.keys(custom).length) out.custom = custom;
    } catch (err) { return this.setState({ err }); }
    if (!Object.keys(out).length) return this.props.onCancel();
    this.setState({ busy: true, err: null });
    try { await this.props.onSave(out, c.version); } catch (err) { this.setState({ busy: false, err }); }
  }
  render({ user, users, custom, onCancel }, { v, err, busy }) {
    const set = (k) => (e) => this.setState({ v: { ...v, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value } });
    const inv = (k) => (err && err.field === k ? 'true' : undefined);
    const input = (k, label, wide, type) => html`<label class=${wide ? 'wide' : ''}><span>${label}</span>
      <input name=${k} type=${type || 'text'} value=${v[k]} onInput=${set(k)} aria-invalid=${inv(k)} /></label>`;
    return html`<form class="edit-form" id="client-edit" onSubmit=${(e) => this.submit(e)} novalidate>
      ${input('name', t('client.name'), true)}
      ${input('inn', t('client.inn'))}${input('kpp', t('client.kpp'))}
      ${input('address', t('client.address'), true)}
      ${input('phone', t('client.phone'), false, 'tel')}${input('email', t('field.email'), false, 'email')}
      ${input('website', t('client.website'), true)}
      ${input('segment', t('client.segment'))}${input('region', t('client.region'))}
      ${input('channel', t('deal.channel'))}${input('source', t('deal.source'))}
      ${lead(user) ? html`<label><span>${t('deal.owner')}</span><select name="owner_id" value=${v.owner_id} onChange=${set('owner_id')}>
        ${users.filter((u) => u.role !== 'viewer').map((u) => html`<option value=${String(u.id)}>${u.name || u.email}</option>`)}</select></label>` : null}
      <label class="check"><input type="checkbox" name="key_account" checked=${v.key_account} onChange=${set('key_account')} /> ${t('client.keyaccount')}</label>
      ${custom.map((f) => (f.type === 'list' ? html`<label><span>${f.label}</span><select name=${`custom.${f.key}`} value=${v[`custom.${f.key}`]} onChange=${set(`custom.${f.key}`)}>
          <option value="">—</option>${f.options.map((o) => html`<option value=${o}>${o}</option>`)}</select></label>`
        : input(`custom.${f.key}`, f.label, false, f.type === 'date' ? 'date' : 'text')))}
      <label class="wide"><span>${t('field.comment')}</span><textarea name="comment" rows="3" value=${v.comment} onInput=${set('comment')}></textarea></label>
      <div class="form-actions"><button class="btn btn-primary btn-small" disabled=${busy}>${t('save')}</button>
        <button type="button" class="btn btn-small" onClick=${onCancel}>${t('cancel')}</button></div>
      <${FormError} err=${err} name=${(f) => (t(`client.${f}`) !== `client.${f}` ? t(`client.${f}`) : t(`field.${f}`))} /></form>`;
  }
}

/* A contact person's form fields, filled from c when editing. */
const contactFields = (c) => [
  { name: 'name', label: t('contact.name'), required: true, value: c ? c.name : '' },
  { name: 'role', label: t('contact.role'), list: 'contact-roles', value: c ? c.role || '' : '' },
  { name: 'phones', label: t('contact.phones'), value: c ? c.phones.join(', ') : '', wide: true },
  { name: 'emails', label: t('contact.emails'), value: c ? c.emails.join(', ') : '', wide: true },
  { name: 'telegram', label: t('contact.telegram'), value: c ? c.telegram || '' : '' },
  { name: 'whatsapp', label: t('contact.whatsapp'), value: c ? c.whatsapp || '' : '' },
  { name: 'comment', label: t('field.comment'), type: 'textarea', value: c ? c.comment || '' : '', wide: true }];
const contactBody = (v) => ({ name: v.name.trim(), role: v.role.trim() || null, phones: list(v.phones), emails: list(v.emails),
  telegram: v.telegram.trim() || null, whatsapp: v.whatsapp.trim() || null, comment: v.comment.trim() || null });

export class Client extends Component {
  constructor(p) { super(p); this.state = { loading: true, error: null }; }
  componentDidMount() { this.load(); }
  async load() {
    const id = encodeURIComponent(this.props.params.id);
    const seq = this.loads = (this.loads || 0) + 1;
    this.setState({ error: null });
    try {
      // the forms' lists with the card, so that the first view names the custom fields
      const dicts = this.dicts ? null : this.loadDicts();
      const [client, contacts, deals, tl] = await Promise.all([
        api.get(`/api/v1/clients/${id}`), api.get(`/api/v1/clients/${id}/contacts`),
        api.get('/api/v1/deals', { client_id: id, sort: '-created_at', limit: 100 }),
        api.get(`/api/v1/clients/${id}/timeline`, { limit: 100 })]);
      if (dicts) await dicts;
      // a later load, or a conflict shown since, wins over this one
      if (seq !== this.loads) return;
      this.setState({ loading: false, client, contacts: contacts.items, deals: deals.items, tl: tl.items, conflict: null });
    } catch (error) { this.setState({ loading: false, error }); }
  }
  /* What the forms choose from, read once; each list on its own (one the
     role may not read leaves the others). */
  async loadDicts() {
    const none = () => ({ items: [] });
    const [users, custom, roles, dealCustom] = await Promise.all([api.get('/api/v1/users').catch(none),
      api.get('/api/v1/custom-fields', { entity: 'client' }).catch(none), api.get('/api/v1/contact-roles').catch(none),
      api.get('/api/v1/custom-fields', { entity: 'deal' }).catch(none)]);
    // the timeline holds the client's changes and its deals'
    const tlCustom = [...custom.items.map((f) => ({ ...f, entity: 'client' })), ...dealCustom.items.map((f) => ({ ...f, entity: 'deal' }))];
    this.dicts = { users: users.items, custom: custom.items, roles: roles.items, tlCustom };
  }
  async save(body, version) {
    const c = this.state.client;
    try {
      const client = await api.patchAt(`/api/v1/clients/${c.id}`, body, version);
      this.setState({ client, editing: false });
      this.load();
    } catch (err) {
      if (err.status === 409 && err.code === 'version_conflict') {
        this.loads = (this.loads || 0) + 1; // a load still running must not clear the notice
        return this.setState({ conflict: err.current || {}, editing: false });
      }
      throw err;
    }
  }
  async saveContact(id, v) {
    const c = this.state.client;
    if (id) await api.patch(`/api/v1/contacts/${id}`, contactBody(v));
    else await api.post(`/api/v1/clients/${c.id}/contacts`, contactBody(v));
    this.setState({ contactEdit: null });
    await this.load();
  }
  async delContact(id) {
    try { await api.del(`/api/v1/contacts/${id}`); this.setState({ actError: null }); await this.load(); } catch (actError) { this.setState({ actError }); }
  }
  async findDup(q) {
    this.setState({ dupQ: q });
    clearTimeout(this.dupTimer);
    this.dupTimer = setTimeout(async () => {
      if (!q.trim()) return this.setState({ dups: [] });
      try {
        const r = await api.get('/api/v1/clients', { q: q.trim(), limit: 8 });
        this.setState({ dups: r.items.filter((x) => x.id !== this.state.client.id) });
      } catch (actError) { this.setState({ actError }); }
    }, 200);
  }
  async merge() {
    const c = this.state.client;
    const from = this.state.mergeFrom;
    try {
      const r = await api.post(`/api/v1/clients/${c.id}/merge`, { from: [from.id] });
      this.setState({ mergeFrom: null, merging: false, dups: [], dupQ: '', merged: { name: from.name, moved: r.moved }, actError: null });
      await this.load();
    } catch (actError) { this.setState({ actError, mergeFrom: null }); }
  }
  componentWillUnmount() { clearTimeout(this.dupTimer); }
  render({ title, user }, s) {
    if (s.loading) return html`<div class="page"><${Spinner} /></div>`;
    if (s.error) return html`<div class="page"><header class="page-head"><h1>${title}</h1></header>
      <${ErrorBox} error=${s.error} onRetry=${() => this.load()} /><p><a href="/clients">← ${t('nav.clients')}</a></p></div>`;
    const c = s.client;
    const d = this.dicts;
    const rw = user.role !== 'viewer';
    const owner = d ? (d.users.find((u) => u.id === c.owner_id) || {}).name : null;
    const fields = [['client.inn', c.inn], ['client.kpp', c.kpp], ['client.address', c.address],
      ['client.phone', c.phone ? html`<a href=${`tel:${c.phone_digits || c.phone}`}>${c.phone}</a>` : null],
      ['field.email', c.email ? html`<a href=${`mailto:${c.email}`}>${c.email}</a>` : null],
      ['client.website', c.website], ['client.segment', c.segment], ['client.region', c.region], ['deal.channel', c.channel],
      ['deal.source', c.source], ['deal.owner', owner], ['deal.created', date(c.created_at)]];
    if (d) for (const f of d.custom) fields.push([null, customShown(f, (c.custom || {})[f.key]), f.label]);
    return html`<div class="page client-page" data-client=${c.id}>
      <p class="crumbs"><a href="/clients">← ${t('nav.clients')}</a></p>
      <header class="page-head"><h1>${c.name}</h1>
        ${c.key_account ? html`<span class="badge badge-warn" id="client-key">${t('client.keyaccount')}</span>` : null}
        ${rw && d ? html`<div class="head-actions">
          ${!s.editing ? html`<button class="btn btn-small" id="client-edit-btn" onClick=${() => this.setState({ editing: true, conflict: null })}>${t('edit')}</button>` : null}
          ${lead(user) ? html`<button class="btn btn-small" id="client-merge-btn" onClick=${() => this.setState({ merging: !s.merging })}>${t('client.merge')}</button>` : null}
        </div>` : null}</header>
      ${s.conflict ? html`<${ConflictNotice} id="client-conflict" title=${t('client.conflict')} onReload=${() => this.load()}
        rows=${[['client.name', s.conflict.name], ['client.inn', s.conflict.inn], ['client.phone', s.conflict.phone], ['field.email', s.conflict.email],
          ['client.segment', s.conflict.segment]]} />` : null}
      ${s.merged ? html`<div class="notice" id="client-merged" role="status">${t('client.merged', { name: s.merged.name, n: s.merged.moved.deals })}</div>` : null}
      ${s.actError ? html`<${ErrorBox} error=${s.actError} />` : null}
      ${s.merging ? html`<section class="card merge-box" id="merge-box"><h2>${t('client.merge.title')}</h2>
        <p class="muted small">${t('client.merge.text')}</p>
        <input name="dup" value=${s.dupQ || ''} placeholder=${t('list.search.client')} aria-label=${t('list.search.client')} onInput=${(e) => this.findDup(e.target.value)} />
        ${(s.dups || []).length ? html`<ul class="picker-list static">${s.dups.map((x) => html`<li><button type="button" data-dup=${x.id}
          onClick=${() => this.setState({ mergeFrom: x })}>${x.name}${x.inn ? ` · ${t('client.inn')} ${x.inn}` : ''}</button></li>`)}</ul>` : null}
        ${s.mergeFrom ? html`<div class="notice notice-warn" id="merge-confirm" role="alertdialog">
          <p>${t('client.merge.confirm', { from: s.mergeFrom.name, to: c.name })}</p>
          <button class="btn btn-primary btn-small" id="merge-yes" onClick=${() => this.merge()}>${t('client.merge.yes')}</button>
          <button class="btn btn-small" onClick=${() => this.setState({ mergeFrom: null })}>${t('cancel')}</button></div>` : null}
      </section>` : null}
      <div class="deal-grid">
        <div>
          <section class="card">${s.editing && d ? html`<${ClientEdit} client=${c} user=${user} users=${d.users} custom=${d.custom}
              onSave=${(b, v) => this.save(b, v)} onCancel=${() => this.setState({ editing: false })} />`
            : html`<dl class="fields" id="client-fields">${fields.map(([k, v, label]) => html`<div><dt>${label || t(k)}</dt><dd>${v ?? '—'}</dd></div>`)}</dl>
              ${c.comment ? html`<p class="note-text" id="client-comment">${c.comment}</p>` : null}`}</section>
          <section class="card" id="client-contacts"><div class="card-head"><h2>${t('client.contacts')}</h2>
            ${rw && s.contactEdit !== 0 ? html`<button class="btn btn-small" id="contact-add" onClick=${() => this.setState({ contactEdit: 0 })}>${t('contact.add')}</button>` : null}</div>
            ${d ? html`<datalist id="contact-roles">${d.roles.map((r) => html`<option value=${r} />`)}</datalist>` : null}
            ${s.contactEdit === 0 ? html`<${MiniForm} id="contact-form" submit=${t('save')} onCancel=${() => this.setState({ contactEdit: null })}
              fields=${contactFields(null)} onSubmit=${(v) => this.saveContact(null, v)} />` : null}
            ${s.contacts.length ? html`<ul class="contacts">${s.contacts.map((p) => html`<li data-contact=${p.id}>
              ${s.contactEdit === p.id ? html`<${MiniForm} id="contact-form" submit=${t('save')} onCancel=${() => this.setState({ contactEdit: null })}
                fields=${contactFields(p)} onSubmit=${(v) => this.saveContact(p.id, v)} />`
              : html`<div><strong>${p.name}</strong>${p.role ? html` <span class="badge">${p.role}</span>` : null}</div>
                <div class="small">${p.phones.map((x) => html`<a href=${`tel:${x}`}>${x}</a> `)}${p.emails.map((x) => html`<a href=${`mailto:${x}`}>${x}</a> `)}
                  ${p.telegram ? html`<span>${t('contact.telegram')}: ${p.telegram}</span> ` : null}${p.whatsapp ? html`<span>${t('contact.whatsapp')}: ${p.whatsapp}</span>` : null}</div>
                ${p.comment ? html`<div class="muted small note-text">${p.comment}</div>` : null}
                ${rw ? html`<div class="small"><button class="link-btn contact-edit" onClick=${() => this.setState({ contactEdit: p.id })}>${t('edit')}</button> ·
                  <button class="link-btn contact-del" onClick=${() => this.delContact(p.id)}>${t('delete')}</button></div>` : null}`}</li>`)}</ul>`
              : html`<p class="muted">${t('client.nocontacts')}</p>`}</section>
        </div>
        <div>
          ${c.key_account ? html`<${KeyAccountCard} id=${c.id} />` : null}
          <section class="card" id="client-deals"><h2>${t('client.deals')}</h2>
            ${s.deals.length ? html`<div class="table-wrap"><table class="grid"><tbody>${s.deals.map((x) => html`<tr data-deal=${x.id}>
              <td><a href=${`/deals/${x.id}`}>${x.title || `#${x.id}`}</a></td><td>${x.stage}</td>
              <td><span class=${`badge ${x.status === 'won' ? 'badge-good' : x.status === 'lost' ? 'badge-bad' : ''}`}>${t(`deal.status.${x.status}`)}</span></td>
              <td class="num">${money(x.amount)}</td></tr>`)}</tbody></table></div>` : html`<p class="muted">${t('client.nodeals')}</p>`}</section>
          <${NpsBlock} client=${c} user=${user} />
          <section class="card"><h2>${t('deal.timeline')}</h2>
            ${rw ? html`<${NoteForm} onAdd=${async (text) => { await api.post(`/api/v1/clients/${c.id}/notes`, { text }); await this.load(); }} />` : null}
            <${Timeline} items=${s.tl} user=${user} showDeal=${true} custom=${this.dicts ? this.dicts.tlCustom : []} onChanged=${() => this.load()} /></section>
        </div>
      </div></div>`;
  }
}
