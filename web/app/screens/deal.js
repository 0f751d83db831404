// deal.js - the deal card: its fields, the stage history as a timeline, the
// activities (log a call with its duration and outcome, or a meeting), the
// tasks (add, complete) and the payments. GET /api/v1/deals/{id} and its
// history, /activities, /tasks, /payments?deal_id=.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, money, num, dateTime, date, parseMoney } from '../i18n.js';
import { Spinner, ErrorBox, Empty, FormError } from '../ui.js';

function nowLocal() {
  const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
}

/* A small form: fields [{name, label, type, options, required}], onSubmit(values) -> promise. */
class MiniForm extends Component {
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
  render({ fields, submit, id }, { v, err, busy }) {
    return html`<form class="mini-form" id=${id} onSubmit=${(e) => this.submit(e)} novalidate>
      ${fields.map((f) => html`<label class=${f.wide ? 'wide' : ''}><span>${f.label}</span>
        ${f.options ? html`<select name=${f.name} ref=${(el) => { this.els[f.name] = el; }} value=${v[f.name]}
            onChange=${(e) => this.setState({ v: { ...v, [f.name]: e.target.value } })}>
            ${f.options.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select>`
          : html`<input name=${f.name} type=${f.type || 'text'} value=${v[f.name]} inputmode=${f.inputmode}
            ref=${(el) => { this.els[f.name] = el; }} aria-invalid=${err && err.field === f.name ? 'true' : undefined}
            onInput=${(e) => this.setState({ v: { ...v, [f.name]: e.target.value } })} />`}</label>`)}
      <button class="btn btn-primary btn-small" disabled=${busy}>${submit}</button>
      <${FormError} err=${err} /></form>`;
  }
}

const OUTCOMES = ['reached', 'no_answer', 'callback', 'interested', 'not_interested'];

export class Deal extends Component {
  constructor(p) { super(p); this.state = { loading: true, error: null, tab: 'call' }; }
  componentDidMount() { this.load(); }
  async load() {
    const id = encodeURIComponent(this.props.params.id);
    this.setState({ error: null });
    try {
      const [deal, hist, acts, tasks, pays] = await Promise.all([
        api.get(`/api/v1/deals/${id}`),
        api.get(`/api/v1/deals/${id}/history`),
        api.get('/api/v1/activities', { deal_id: id, sort: '-at', limit: 100 }),
        api.get('/api/v1/tasks', { deal_id: id, sort: '-due_at', limit: 100 }),
        api.get('/api/v1/payments', { deal_id: id, limit: 100 }),
      ]);
      this.setState({ loading: false, deal, hist: hist.items, acts: acts.items, tasks: tasks.items, pays: pays.items });
    } catch (error) { this.setState({ loading: false, error }); }
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
  async addTask(v) {
    const d = this.state.deal;
    const body = { title: v.title.trim(), due_at: v.due_at, deal_id: d.id };
    if (d.client_id) body.client_id = d.client_id;
    await api.post('/api/v1/tasks', body);
    await this.load();
  }
  async complete(id) {
    // shown done at once; put back when the server refuses
    const mark = (done) => this.setState({ tasks: this.state.tasks.map((x) => (x.id === id ? { ...x, done } : x)) });
    mark(true);
    this.setState({ actError: null });
    try { await api.post(`/api/v1/tasks/${id}/complete`, {}); await this.load(); } catch (error) { mark(false); this.setState({ actError: error }); }
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
  render({ title, user }, s) {
    if (s.loading) return html`<div class="page"><${Spinner} /></div>`;
    if (s.error) return html`<div class="page"><header class="page-head"><h1>${title}</h1></header>
      <${ErrorBox} error=${s.error} onRetry=${() => this.load()} /><p><a href="/board">← ${t('nav.board')}</a></p></div>`;
    const d = s.deal;
    // a viewer reads the card: no form that the server would refuse
    const rw = user.role !== 'viewer';
    const statusCls = d.status === 'won' ? 'badge-good' : d.status === 'lost' ? 'badge-bad' : '';
    const fields = [['deal.client', d.client], ['deal.amount', money(d.amount)], ['deal.stage', d.stage],
      ['deal.owner', d.owner], ['deal.channel', d.channel], ['deal.source', d.source],
      ['deal.created', dateTime(d.created_at)], ['deal.days', num(d.days_in_stage)]];
    if (d.status !== 'open') fields.push(['deal.closed', dateTime(d.closed_at)]);
    if (d.loss_reason) fields.push(['deal.reason', d.loss_reason]);
    return html`<div class="page deal-page" data-deal=${d.id}>
      <p class="crumbs"><a href="/board">← ${t('nav.board')}</a></p>
      <header class="page-head"><h1>${d.title || `#${d.id}`}</h1>
        <span class=${`badge ${statusCls}`}>${t(`deal.status.${d.status}`)}</span></header>
      <div class="deal-grid">
        <div>
          <section class="card"><dl class="fields">${fields.map(([k, v]) => html`<div><dt>${t(k)}</dt><dd>${v || '—'}</dd></div>`)}</dl></section>
          <section class="card"><h2>${t('deal.history')}</h2>
            ${s.hist.length ? html`<ol class="timeline">${s.hist.map((h) => html`<li><span class="tl-dot"></span>
              <strong>${h.stage}</strong> <span class="muted">${dateTime(h.at)}${h.user ? ` · ${h.user}` : ''}</span></li>`)}</ol>`
              : html`<p class="muted">${t('empty')}</p>`}</section>
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
            ${s.actError ? html`<${ErrorBox} error=${s.actError} />` : null}
            ${s.tasks.length ? html`<ul class="tasks" id="deal-tasks">${s.tasks.map((x) => html`<li class=${x.done ? 'done' : ''} data-task=${x.id}>
              <input type="checkbox" id=${`task-${x.id}`} checked=${x.done} disabled=${x.done || !rw} onChange=${() => this.complete(x.id)} />
              <label for=${`task-${x.id}`}>${x.title}</label>
              <span class=${`muted small ${!x.done && x.due_at && new Date(x.due_at) < new Date() ? 'txt-bad' : ''}`}>${dateTime(x.due_at)}</span></li>`)}</ul>`
              : html`<p class="muted">${t('deal.notasks')}</p>`}
            ${rw ? html`<${MiniForm} id="task-form" submit=${t('deal.addtask')} onSubmit=${(v) => this.addTask(v)} fields=${[
              { name: 'title', label: t('field.title'), required: true, wide: true },
              { name: 'due_at', label: t('field.due_at'), type: 'datetime-local', value: nowLocal(), required: true }]} />` : null}
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
