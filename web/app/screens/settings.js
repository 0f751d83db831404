// settings.js - the administrator's settings, one tab each: users and roles
// (add with a generated password shown once, role, team, disable, set a
// password), teams (add, rename), pipelines and stages (add a pipeline; add,
// rename, reorder stages, max days), the
// production calendar by year (holidays and worked weekend days), the org
// (time zone, currency, CRM hygiene settings) and API tokens (the secret
// shown once, revoke), and the outgoing webhooks (add with the secret shown
// once, enable or disable, a test delivery, the last deliveries;
// docs/webhooks.md). Every form names the field the server refused and
// puts the focus on it. /api/v1/users, /tokens, /pipelines, /stages,
// /holidays, /org, /teams (docs/api-config.md), /webhooks.
import { html, Component, createRef } from '../lib.js';
import { api } from '../api.js';
import { t, date, dateTime, num, setCurrency } from '../i18n.js';
import { Load, Tabs, ErrorBox, FormError } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

const TABS = ['users', 'teams', 'pipelines', 'calendar', 'org', 'mail', 'tokens', 'webhooks'];
/* The events a webhook may take (service/webhooks.c's list, in its order). */
const WH_EVENTS = ['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost', 'deal.reopened',
  'task.created', 'task.updated', 'task.completed', 'payment.created', 'client.created', 'client.updated',
  'promise.created', 'promise.resolved'];
const ROLES = ['admin', 'head', 'manager', 'viewer'];
const REQUIRED = ['amount', 'client', 'stage', 'channel', 'source'];
const CURRENCIES = ['RUB', 'KZT', 'BYN', 'UZS', 'USD', 'EUR', 'CNY'];
const ZONES = ['Europe/Kaliningrad', 'Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk',
  'Asia/Novosibirsk', 'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Yakutsk', 'Asia/Vladivostok',
  'Asia/Magadan', 'Asia/Kamchatka', 'Asia/Almaty', 'Europe/Minsk', 'Asia/Tashkent', 'UTC'];

/* The label of a field the server named ("settings.stale_days" -> its last part). */
function fieldName(f) {
  if (!f) return '';
  const k = String(f).split('.').pop();
  const s = t(`set.f.${k}`);
  return s === `set.f.${k}` ? t(`field.${k}`) : s;
}

/* A settings form's error line (ui.js FormError) naming the field by the
   settings' own labels. */
function SetError(props) {
  return FormError({ ...props, name: fieldName });
}

/* A form whose members are named otherwise than the settings' labels of
   the same key (a webhook's url is not the mail server's): own maps a
   field to its label key, the rest as SetError. */
const ownError = (own) => (props) =>
  FormError({ ...props, name: (f) => (own[f] ? t(own[f]) : fieldName(f)) });
const WebhookError = ownError({ url: 'set.f.whurl', events: 'set.wh.events' });
const TokenError = ownError({ expires_in_days: 'set.f.expires', expires_at: 'set.f.expires' });

/* A form that names and focuses the refused field: this.form is its ref,
   this.fail(err) records the error and focuses [name=<field>]. */
class FormBase extends Component {
  constructor(p) { super(p); this.form = createRef(); }
  fail(err) {
    this.setState({ busy: false, err });
    const f = err && err.field && String(err.field).split('.').pop();
    const el = f && this.form.current && this.form.current.querySelector(`[name="${f}"]`);
    if (el) el.focus();
  }
  inv(name) {
    const e = this.state.err;
    return e && e.field && String(e.field).split('.').pop() === name ? 'true' : undefined;
  }
}

/* A secret shown once with a copy button. */
class Secret extends Component {
  constructor(p) { super(p); this.state = { copied: false }; this.ref = createRef(); }
  async copy() {
    const v = this.props.value;
    try { await navigator.clipboard.writeText(v); } catch {
      const r = document.createRange(); r.selectNodeContents(this.ref.current);
      const s = getSelection(); s.removeAllRanges(); s.addRange(r);
      try { document.execCommand('copy'); } catch { /* the text stays selected */ }
    }
    this.setState({ copied: true });
  }
  render({ label, value, note, onClose, id }, { copied }) {
    return html`<div class="secret" role="status" id=${id}>
      <div class="secret-label">${label}</div>
      <div class="secret-row"><code class="secret-value" ref=${this.ref}>${value}</code>
        <button type="button" class="btn btn-small" onClick=${() => this.copy()}>${copied ? t('set.copied') : t('set.copy')}</button>
        <button type="button" class="link-btn" onClick=${onClose}>${t('set.hide')}</button></div>
      <div class="small muted">${note}</div></div>`;
  }
}

/* ---- users ---- */

class AddUser extends FormBase {
  constructor(p) { super(p); this.state = { name: '', email: '', role: 'manager', team: '', busy: false, err: null }; }
  async submit(e) {
    e.preventDefault();
    const { name, email, role, team } = this.state;
    if (!name.trim()) return this.fail({ field: 'name', message: t('form.required') });
    if (!email.trim()) return this.fail({ field: 'email', message: t('form.required') });
    this.setState({ busy: true, err: null });
    try {
      const u = await api.post('/api/v1/users', { name: name.trim(), email: email.trim(), role, ...(team ? { team } : {}) });
      this.setState({ busy: false, name: '', email: '' });
      this.props.onAdded(u);
    } catch (err) { this.fail(err); }
  }
  render({ teams }, { name, email, role, team, busy, err }) {
    return html`<form class="mini-form" id="user-add" ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
      <label class="wide"><span>${t('set.f.name')}</span><input name="name" value=${name} aria-invalid=${this.inv('name')}
        onInput=${(e) => this.setState({ name: e.target.value })} /></label>
      <label class="wide"><span>${t('set.f.email')}</span><input name="email" type="email" value=${email} aria-invalid=${this.inv('email')}
        onInput=${(e) => this.setState({ email: e.target.value })} /></label>
      <label><span>${t('set.f.role')}</span><select name="role" value=${role} aria-invalid=${this.inv('role')} onChange=${(e) => this.setState({ role: e.target.value })}>
        ${ROLES.map((r) => html`<option value=${r}>${t(`role.${r}`)}</option>`)}</select></label>
      <label><span>${t('set.f.team')}</span><select name="team" value=${team} aria-invalid=${this.inv('team')} onChange=${(e) => this.setState({ team: e.target.value })}>
        <option value="">—</option>${teams.map((x) => html`<option value=${x.name}>${x.name}</option>`)}</select></label>
      <button class="btn btn-primary btn-small" disabled=${busy}>${t('set.user.add')}</button>
      <${SetError} err=${err} />
    </form>`;
  }
}

/* A new password for a user; for one's own (own), the current one too:
   the server asks for it (docs/api-config.md), an admin setting someone
   else's does not. */
class PasswordForm extends FormBase {
  constructor(p) { super(p); this.state = { current: '', password: '', busy: false, err: null, done: false }; }
  componentDidMount() { const el = this.form.current && this.form.current.querySelector('input'); if (el) el.focus(); }
  async submit(e) {
    e.preventDefault();
    const { current, password } = this.state;
    const own = this.props.own;
    if (own && !current) return this.fail({ field: 'current_password', message: t('form.required') });
    if (!password) return this.fail({ field: 'password', message: t('form.required') });
    this.setState({ busy: true, err: null });
    try {
      await api.post(`/api/v1/users/${this.props.user.id}/password`, own ? { password, current_password: current } : { password });
      this.setState({ busy: false, current: '', password: '', done: true });
    } catch (err) { this.fail(err); }
  }
  render({ user, own, onClose }, { current, password, busy, err, done }) {
    const esc = (e) => e.key === 'Escape' && onClose();
    return html`<form class="mini-form pw-form" ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
      ${own ? html`<label class="wide"><span>${t('set.pw.current')}</span>
        <input name="current_password" type="password" autocomplete="current-password" value=${current} aria-invalid=${this.inv('current_password')}
          onInput=${(e) => this.setState({ current: e.target.value, done: false })} onKeyDown=${esc} /></label>` : null}
      <label class="wide"><span>${own ? t('set.pw.own') : t('set.pw.for', { n: user.name })}</span>
        <input name="password" type="password" autocomplete="new-password" value=${password} aria-invalid=${this.inv('password')}
          onInput=${(e) => this.setState({ password: e.target.value, done: false })}
          onKeyDown=${esc} /></label>
      <button class="btn btn-primary btn-small" disabled=${busy}>${t('save')}</button>
      <button type="button" class="btn btn-small" onClick=${onClose}>${t('cancel')}</button>
      ${done ? html`<span class="txt-good small">${t('set.pw.done')}</span>` : null}
      <${SetError} err=${err} /></form>`;
  }
}

class Users extends Component {
  constructor(p) { super(p); this.state = { n: 0, added: null, pwFor: null, rowErr: null, busy: null }; }
  async patch(u, body) {
    this.setState({ rowErr: null, busy: u.id });
    try {
      await api.patch(`/api/v1/users/${u.id}`, body);
      this.setState({ busy: null, n: this.state.n + 1 });
    } catch (err) { this.setState({ busy: null, rowErr: { ...err, message: `${u.name}: ${err.message}` } }); }
  }
  render({ me }, { n, added, pwFor, rowErr, busy }) {
    return html`<${Load} deps=${n} fetch=${() => Promise.all([api.get('/api/v1/users'), api.get('/api/v1/teams')])}>${([users, teams]) => html`
      <section class="card">
        <div class="card-head"><h2>${t('set.users')} <span class="muted small">${num(users.items.filter((u) => u.active).length)} ${t('set.active.n')}</span></h2></div>
        ${rowErr ? html`<${ErrorBox} error=${rowErr} />` : null}
        <div class="table-wrap"><table class="grid" id="users-table">
          <thead><tr><th>${t('set.f.name')}</th><th>${t('set.f.email')}</th><th>${t('set.f.role')}</th><th>${t('set.f.team')}</th>
            <th>${t('set.status')}</th><th class="actions-col"></th></tr></thead>
          <tbody>${users.items.map((u) => html`<tr data-email=${u.email || ''} class=${u.active ? '' : 'inactive'}>
            <th scope="row">${u.name}${u.id === me.user_id ? html` <span class="badge">${t('set.you')}</span>` : null}</th>
            <td>${u.email || html`<span class="muted">—</span>`}</td>
            <td><label class="sr-only" for=${`role-${u.id}`}>${t('set.f.role')}</label>
              <select id=${`role-${u.id}`} name="role" value=${u.role} disabled=${busy === u.id || u.id === me.user_id}
                onChange=${(e) => this.patch(u, { role: e.target.value })}>
                ${ROLES.map((r) => html`<option value=${r}>${t(`role.${r}`)}</option>`)}</select></td>
            <td><label class="sr-only" for=${`team-${u.id}`}>${t('set.f.team')}</label>
              <select id=${`team-${u.id}`} name="team" value=${u.team || ''} disabled=${busy === u.id}
                onChange=${(e) => e.target.value && this.patch(u, { team: e.target.value })}>
                <option value="" disabled>—</option>${teams.items.map((x) => html`<option value=${x.name}>${x.name}</option>`)}</select></td>
            <td>${u.active ? html`<span class="badge badge-good">${t('set.active')}</span>` : html`<span class="badge badge-bad">${t('set.disabled')}</span>`}</td>
            <td class="row-actions">
              <button class="btn btn-small" onClick=${() => this.setState({ pwFor: pwFor === u.id ? null : u.id })}>${t('set.pw.set')}</button>
              ${u.id === me.user_id ? null : html`<button class="btn btn-small" disabled=${busy === u.id}
                onClick=${() => this.patch(u, { active: !u.active })}>${u.active ? t('set.disable') : t('set.enable')}</button>`}</td>
          </tr>${pwFor === u.id ? html`<tr class="subrow"><td colspan="6"><${PasswordForm} user=${u} own=${u.id === me.user_id} onClose=${() => this.setState({ pwFor: null })} /></td></tr>` : null}`)}
          </tbody></table></div>
      </section>
      <section class="card"><h2>${t('set.user.new')}</h2>
        <p class="small muted">${t('set.user.hint')}</p>
        ${added ? html`<${Secret} id="user-secret" label=${t('set.user.pw', { n: added.name, e: added.email })} value=${added.password}
          note=${t('set.once')} onClose=${() => this.setState({ added: null })} />` : null}
        <${AddUser} teams=${teams.items} onAdded=${(u) => this.setState({ added: u, n: n + 1 })} />
      </section>`}<//>`;
  }
}

/* ---- pipelines and stages ---- */

class StageRow extends FormBase {
  constructor(p) { super(p); this.state = this.fromProps(p); }
  fromProps(p) { return { name: p.stage.name, max: p.stage.max_days == null ? '' : String(p.stage.max_days), err: null, busy: false }; }
  componentDidUpdate(prev) { if (prev.stage !== this.props.stage) this.setState(this.fromProps(this.props)); }
  dirty() { const s = this.props.stage; return this.state.name !== s.name || this.state.max !== (s.max_days == null ? '' : String(s.max_days)); }
  async save(e) {
    if (e) e.preventDefault();
    const { name, max } = this.state;
    if (!name.trim()) return this.fail({ field: 'name', message: t('form.required') });
    let maxDays = null;
    if (max.trim()) {
      maxDays = Number(max);
      if (!Number.isInteger(maxDays) || maxDays < 1) return this.fail({ field: 'max_days', message: t('set.badmax') });
    }
    this.setState({ busy: true, err: null });
    try { await this.props.onPatch({ name: name.trim(), max_days: maxDays }); this.setState({ busy: false }); } catch (err) { this.fail(err); }
  }
  async move(pos) {
    this.setState({ busy: true, err: null });
    try { await this.props.onPatch({ position: pos }); this.setState({ busy: false }); } catch (err) { this.fail(err); }
  }
  render({ stage: s, count }, { name, max, err, busy }) {
    return html`<tr data-stage=${s.id}><td class="num muted">${s.position}</td>
      <td colspan="2"><form class="stage-form" ref=${this.form} onSubmit=${(e) => this.save(e)} novalidate>
        <label class="sr-only" for=${`st-name-${s.id}`}>${t('set.f.name')}</label>
        <input id=${`st-name-${s.id}`} name="name" value=${name} aria-invalid=${this.inv('name')} onInput=${(e) => this.setState({ name: e.target.value })} />
        <label class="sr-only" for=${`st-max-${s.id}`}>${t('set.f.max_days')}</label>
        <input id=${`st-max-${s.id}`} class="narrow" name="max_days" inputmode="numeric" placeholder=${t('set.nolimit')} value=${max}
          aria-invalid=${this.inv('max_days')} onInput=${(e) => this.setState({ max: e.target.value })} />
        <button class="btn btn-small btn-primary" disabled=${busy || !this.dirty()}>${t('save')}</button>
        <${SetError} err=${err} /></form></td>
      <td class="row-actions"><button class="btn btn-small" aria-label=${t('set.up')} title=${t('set.up')} disabled=${busy || s.position === 1}
          onClick=${() => this.move(s.position - 1)}>↑</button>
        <button class="btn btn-small" aria-label=${t('set.down')} title=${t('set.down')} disabled=${busy || s.position === count}
          onClick=${() => this.move(s.position + 1)}>↓</button></td></tr>`;
  }
}

class AddStage extends FormBase {
  constructor(p) { super(p); this.state = { name: '', max: '', err: null, busy: false }; }
  async submit(e) {
    e.preventDefault();
    const { name, max } = this.state;
    if (!name.trim()) return this.fail({ field: 'name', message: t('form.required') });
    const body = { name: name.trim() };
    if (max.trim()) {
      const v = Number(max);
      if (!Number.isInteger(v) || v < 1) return this.fail({ field: 'max_days', message: t('set.badmax') });
      body.max_days = v;
    }
    this.setState({ busy: true, err: null });
    try {
      await api.post(`/api/v1/pipelines/${this.props.pipeline.id}/stages`, body);
      this.setState({ busy: false, name: '', max: '' });
      this.props.onDone();
    } catch (err) { this.fail(err); }
  }
  render({ pipeline }, { name, max, err, busy }) {
    return html`<form class="mini-form" id=${`stage-add-${pipeline.id}`} ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
      <label class="wide"><span>${t('set.stage.new')}</span><input name="name" value=${name} aria-invalid=${this.inv('name')}
        onInput=${(e) => this.setState({ name: e.target.value })} /></label>
      <label><span>${t('set.f.max_days')}</span><input name="max_days" class="narrow" inputmode="numeric" value=${max} aria-invalid=${this.inv('max_days')}
        placeholder=${t('set.nolimit')} onInput=${(e) => this.setState({ max: e.target.value })} /></label>
      <button class="btn btn-primary btn-small" disabled=${busy}>${t('set.stage.add')}</button>
      <${SetError} err=${err} /></form>`;
  }
}

/* A one-field form: the name of a new pipeline or team, POSTed to url;
   the server's refusal (a duplicate is 409 naming "name") on the field. */
class AddNamed extends FormBase {
  constructor(p) { super(p); this.state = { name: '', err: null, busy: false }; }
  async submit(e) {
    e.preventDefault();
    const name = this.state.name.trim();
    if (!name) return this.fail({ field: 'name', message: t('form.required') });
    this.setState({ busy: true, err: null });
    try {
      const x = await api.post(this.props.url, { name });
      this.setState({ busy: false, name: '' });
      this.props.onDone(x);
    } catch (err) { this.fail(err); }
  }
  render({ id, label, button }, { name, err, busy }) {
    const errId = `${id}-err`;
    return html`<form class="mini-form" id=${id} ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
      <label class="wide"><span>${label}</span><input name="name" value=${name} aria-invalid=${this.inv('name')}
        aria-describedby=${err ? errId : undefined} onInput=${(e) => this.setState({ name: e.target.value })} /></label>
      <button class="btn btn-primary btn-small" disabled=${busy}>${button}</button>
      <${SetError} err=${err} id=${errId} label=${label} /></form>`;
  }
}

/* A card list that loads again (state n, the deps of its Load) on reload(). */
class Reloading extends Component {
  constructor(p) { super(p); this.state = { n: 0 }; this.reload = () => this.setState({ n: this.state.n + 1 }); }
}

class Pipelines extends Reloading {
  render(_, { n }) {
    const { reload } = this;
    return html`<section class="card"><h2>${t('set.pipeline.new')}</h2>
      <p class="small muted">${t('set.pipeline.hint')}</p>
      <${AddNamed} id="pipeline-add" url="/api/v1/pipelines" label=${t('set.f.pname')} button=${t('set.pipeline.add')} onDone=${reload} />
    </section>
    <${Load} deps=${n} fetch=${() => api.get('/api/v1/pipelines')} isEmpty=${(r) => !r.items.length}
      emptyText=${t('set.nopipelines')}>${(r) => r.items.map((p) => html`
      <section class="card pipeline" data-pipeline=${p.id}>
        <div class="card-head"><h2>${p.name}</h2><span class="muted small">${t('set.stages.n', { n: p.stages.length })}</span></div>
        <div class="table-wrap"><table class="grid stages-table">
          <thead><tr><th class="num">№</th><th>${t('set.f.name')}</th><th>${t('set.f.max_days')}</th><th class="actions-col">${t('set.order')}</th></tr></thead>
          <tbody>${p.stages.map((s) => html`<${StageRow} key=${s.id} stage=${s} count=${p.stages.length}
            onPatch=${async (body) => { await api.patch(`/api/v1/stages/${s.id}`, body); reload(); }} />`)}</tbody></table></div>
        <${AddStage} pipeline=${p} onDone=${reload} />
      </section>`)}<//>`;
  }
}

/* ---- teams ---- */

class TeamRow extends FormBase {
  constructor(p) { super(p); this.state = { name: p.team.name, err: null, busy: false }; }
  /* A reload (after this row's save or another's) takes the stored name,
   * unless the field holds an edit begun meanwhile: that, its error and
   * its save in flight are kept, not wiped by the reload. */
  componentDidUpdate(prev) {
    const { team } = this.props;
    if (prev.team === team) return;
    const { name } = this.state;
    if (name === prev.team.name || name === team.name) this.setState({ name: team.name, err: null, busy: false });
  }
  async save(e) {
    e.preventDefault();
    const name = this.state.name.trim();
    if (!name) return this.fail({ field: 'name', message: t('form.required') });
    this.setState({ busy: true, err: null });
    try { await api.patch(`/api/v1/teams/${this.props.team.id}`, { name }); this.setState({ busy: false }); this.props.onDone(); } catch (err) { this.fail(err); }
  }
  render({ team, members }, { name, err, busy }) {
    const errId = `team-err-${team.id}`;
    return html`<tr data-team=${team.id}>
      <td><form class="stage-form" ref=${this.form} onSubmit=${(e) => this.save(e)} novalidate>
        <label class="sr-only" for=${`team-name-${team.id}`}>${t('set.f.tmname')}</label>
        <input id=${`team-name-${team.id}`} name="name" value=${name} aria-invalid=${this.inv('name')}
          aria-describedby=${err ? errId : undefined} onInput=${(e) => this.setState({ name: e.target.value })}
          onKeyDown=${(e) => e.key === 'Escape' && this.setState({ name: team.name, err: null })} />
        <button class="btn btn-small btn-primary" disabled=${busy || name === team.name}>${t('save')}</button>
        <${SetError} err=${err} id=${errId} label=${t('set.f.tmname')} /></form></td>
      <td class="num">${num(members)}</td></tr>`;
  }
}

class Teams extends Reloading {
  render(_, { n }) {
    const { reload } = this;
    return html`<section class="card"><h2>${t('set.teams')}</h2>
        <p class="small muted">${t('set.team.hint')}</p>
        <${Load} deps=${n} fetch=${() => Promise.all([api.get('/api/v1/teams'), api.get('/api/v1/users')])}
          isEmpty=${([r]) => !r.items.length} emptyText=${t('set.noteams')}>${([teams, users]) => {
          const count = new Map();
          for (const u of users.items) if (u.active && u.team) count.set(u.team, (count.get(u.team) || 0) + 1);
          const items = [...teams.items].sort((a, b) => a.name.localeCompare(b.name));
          return html`<div class="table-wrap"><table class="grid" id="teams-table">
            <thead><tr><th>${t('set.f.tmname')}</th><th class="num">${t('set.team.members')}</th></tr></thead>
            <tbody>${items.map((x) => html`<${TeamRow} key=${x.id} team=${x} members=${count.get(x.name) || 0} onDone=${reload} />`)}</tbody>
          </table></div>`;
        }}<//></section>
      <section class="card"><h2>${t('set.team.new')}</h2>
        <${AddNamed} id="team-add" url="/api/v1/teams" label=${t('set.f.tmname')} button=${t('set.team.add')} onDone=${reload} />
      </section>`;
  }
}

/* ---- the production calendar ---- */

class AddHoliday extends FormBase {
  constructor(p) { super(p); this.state = { date: '', kind: 'holiday', name: '', err: null, busy: false }; }
  async submit(e) {
    e.preventDefault();
    const { date: d, kind, name } = this.state;
    if (!d) return this.fail({ field: 'date', message: t('form.required') });
    this.setState({ busy: true, err: null });
    try {
      await api.post('/api/v1/holidays', { date: d, kind, ...(name.trim() ? { name: name.trim() } : {}) });
      this.setState({ busy: false, date: '', name: '' });
      this.props.onDone(d.slice(0, 4));
    } catch (err) { this.fail(err); }
  }
  render(_, { date: d, kind, name, err, busy }) {
    return html`<form class="mini-form" id="holiday-add" ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
      <label><span>${t('set.f.date')}</span><input name="date" type="date" value=${d} aria-invalid=${this.inv('date')}
        onInput=${(e) => this.setState({ date: e.target.value })} /></label>
      <label><span>${t('set.f.kind')}</span><select name="kind" value=${kind} onChange=${(e) => this.setState({ kind: e.target.value })}>
        <option value="holiday">${t('set.kind.holiday')}</option><option value="workday">${t('set.kind.workday')}</option></select></label>
      <label class="wide"><span>${t('set.f.hname')}</span><input name="name" value=${name} aria-invalid=${this.inv('name')}
        placeholder=${t('set.hname.ph')} onInput=${(e) => this.setState({ name: e.target.value })} /></label>
      <button class="btn btn-primary btn-small" disabled=${busy}>${t('set.holiday.add')}</button>
      <${SetError} err=${err} /></form>`;
  }
}

function monthGrid(year, month, marks) {
  const first = new Date(Date.UTC(year, month, 1));
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells = [];
  for (let i = 0; i < lead; i++) cells.push(html`<span></span>`);
  for (let d = 1; d <= days; d++) {
    const iso = `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const wk = (lead + d - 1) % 7 >= 5;
    const m = marks.get(iso);
    const off = m ? m.kind === 'holiday' : wk;
    const cls = `cal-day${off ? ' off' : ''}${m ? ` mark-${m.kind}` : ''}`;
    cells.push(html`<span class=${cls} title=${m ? `${date(iso)}: ${m.name || t(`set.kind.${m.kind}`)}` : ''}>${d}</span>`);
  }
  return cells;
}

class Calendar extends Component {
  constructor(p) { super(p); this.state = { year: new Date().getFullYear(), n: 0, err: null, loaded: null }; }
  /* The production calendar of the year replaces its marks (those set by
   * hand too): asked first, then POST /api/v1/holidays/load. */
  async loadYear() {
    const { year, n } = this.state;
    if (!window.confirm(t('set.cal.load.confirm', { y: year }))) return;
    this.setState({ err: null, loaded: null });
    try {
      const r = await api.post('/api/v1/holidays/load', { year });
      this.setState({ n: n + 1, loaded: r });
    } catch (err) { this.setState({ err }); }
  }
  async remove(h) {
    this.setState({ err: null });
    try { await api.del(`/api/v1/holidays/${h.id}`); this.setState({ n: this.state.n + 1 }); } catch (err) { this.setState({ err }); }
  }
  render(_, { year, n, err, loaded }) {
    const years = [year - 1, year, year + 1];
    return html`<section class="card">
      <div class="card-head"><h2>${t('set.calendar')}</h2>
        <div class="filters"><button class="btn btn-small" aria-label=${t('set.prevyear')} onClick=${() => this.setState({ year: year - 1 })}>←</button>
          <label class="sr-only" for="cal-year">${t('set.year')}</label>
          <select id="cal-year" value=${year} onChange=${(e) => this.setState({ year: Number(e.target.value) })}>
            ${[...new Set([...years, new Date().getFullYear()])].sort().map((y) => html`<option value=${y}>${y}</option>`)}</select>
          <button class="btn btn-small" aria-label=${t('set.nextyear')} onClick=${() => this.setState({ year: year + 1 })}>→</button></div></div>
      <p class="small muted">${t('set.cal.hint')}</p>
      <p><button class="btn btn-small" id="cal-load" onClick=${() => this.loadYear()}>${t('set.cal.load', { y: year })}</button>
        ${loaded ? html` <span class="small txt-good" id="cal-loaded">${t(loaded.official ? 'set.cal.loaded' : 'set.cal.loaded.rule',
          { y: loaded.year, h: num(loaded.holidays), w: num(loaded.workdays) })}</span>` : null}</p>
      <${AddHoliday} onDone=${(y) => this.setState({ year: Number(y), n: n + 1 })} />
      ${err ? html`<${ErrorBox} error=${err} />` : null}
      <${Load} deps=${`${year}:${n}`} fetch=${() => api.get('/api/v1/holidays', { year })}>${(r) => {
        const items = [...r.items].sort((a, b) => a.date.localeCompare(b.date));
        const marks = new Map(items.map((h) => [h.date, h]));
        const hol = items.filter((h) => h.kind === 'holiday').length;
        return html`<div class="cal-layout">
          <div class="cal-year" aria-hidden="true">${Array.from({ length: 12 }, (_, m) => html`<div class="cal-month">
            <div class="cal-mname">${date(`${year}-${String(m + 1).padStart(2, '0')}-01`, { month: 'long' })}</div>
            <div class="cal-grid">${monthGrid(year, m, marks)}</div></div>`)}</div>
          <div class="cal-list">
            <p class="small"><span class="badge badge-bad">${t('set.kind.holiday')}: ${num(hol)}</span>
              <span class="badge badge-good">${t('set.kind.workday')}: ${num(items.length - hol)}</span></p>
            ${items.length ? html`<table class="grid" id="holidays-table"><thead><tr><th>${t('set.f.date')}</th><th>${t('set.f.kind')}</th>
              <th>${t('set.f.hname')}</th><th></th></tr></thead><tbody>
              ${items.map((h) => html`<tr data-date=${h.date}><td>${date(h.date, { day: '2-digit', month: 'short', weekday: 'short' })}</td>
                <td><span class=${`badge ${h.kind === 'holiday' ? 'badge-bad' : 'badge-good'}`}>${t(`set.kind.${h.kind}`)}</span></td>
                <td>${h.name || html`<span class="muted">—</span>`}</td>
                <td><button class="btn btn-small" aria-label=${`${t('set.remove')} ${h.date}`} onClick=${() => this.remove(h)}>${t('set.remove')}</button></td></tr>`)}
              </tbody></table>` : html`<div class="state state-empty">${t('set.cal.empty', { y: year })}</div>`}
          </div></div>`;
      }}<//></section>`;
  }
}

/* ---- the org ---- */

class OrgForm extends FormBase {
  constructor(p) {
    super(p);
    const o = p.org, s = o.settings || {};
    this.state = { name: o.name, tz: o.tz, currency: o.currency, stale: s.stale_days == null ? '14' : String(s.stale_days),
      limit: s.open_deal_limit == null ? '' : String(s.open_deal_limit),
      req: new Set(s.required_deal_fields || ['amount', 'client']), err: null, busy: false, saved: false,
      // issue 12, clients: the ABC basis and the days a client is at risk after
      basis: s.abc_basis || 'payments', risk: s.at_risk_days == null ? '90' : String(s.at_risk_days),
      npsDays: s.nps_link_days == null ? '30' : String(s.nps_link_days) /* issue 12: NPS */,
      // issue 12, channels: the gross margin as a percent on the form, a share in the settings
      margin: String(Math.round((s.gross_margin == null ? 0.3 : s.gross_margin) * 1000) / 10) };
  }
  async submit(e) {
    e.preventDefault();
    const { name, tz, currency, stale, limit, req, basis, risk, npsDays, margin } = this.state;
    if (!name.trim()) return this.fail({ field: 'name', message: t('form.required') });
    if (!tz.trim()) return this.fail({ field: 'tz', message: t('form.required') });
    const sd = Number(stale);
    if (!stale.trim() || !Number.isInteger(sd) || sd < 1) return this.fail({ field: 'stale_days', message: t('set.badint') });
    let lim = null;
    if (limit.trim()) {
      lim = Number(limit);
      if (!Number.isInteger(lim) || lim < 1) return this.fail({ field: 'open_deal_limit', message: t('set.badint') });
    }
    const rd = Number(risk);
    if (!risk.trim() || !Number.isInteger(rd) || rd < 1 || rd > 3650) return this.fail({ field: 'at_risk_days', message: t('set.badrisk') });
    const nd = Number(npsDays); /* issue 12: nps_link_days, 1..365 (docs/api-config.md) */
    if (!Number.isInteger(nd) || nd < 1 || nd > 365) return this.fail({ field: 'nps_link_days', message: t('set.nps.bad') });
    const gm = Number(margin.trim().replace(',', '.'));
    if (!margin.trim() || !(gm > 0 && gm <= 100)) return this.fail({ field: 'gross_margin', message: t('set.badmargin') });
    this.setState({ busy: true, err: null, saved: false });
    try {
      await api.patch('/api/v1/org', { name: name.trim(), tz: tz.trim(), currency,
        settings: { stale_days: sd, open_deal_limit: lim, required_deal_fields: REQUIRED.filter((k) => req.has(k)),
          abc_basis: basis, at_risk_days: rd, nps_link_days: nd, gross_margin: Math.round(gm * 10) / 1000 } });
      setCurrency(currency);
      this.setState({ busy: false, saved: true });
      this.props.onSaved();
    } catch (err) { this.fail(err); }
  }
  toggle(k) { const req = new Set(this.state.req); if (req.has(k)) req.delete(k); else req.add(k); this.setState({ req, saved: false }); }
  render(_, { name, tz, currency, stale, limit, req, err, busy, saved, basis, risk }) {
    const set = (k) => (e) => this.setState({ [k]: e.target.value, saved: false });
    return html`<form id="org-form" class="org-form" ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
      <section class="card"><h2>${t('set.org')}</h2>
        <div class="form-grid">
          <label><span>${t('set.f.orgname')}</span><input name="name" value=${name} aria-invalid=${this.inv('name')} onInput=${set('name')} /></label>
          <label><span>${t('set.f.tz')}</span><input name="tz" list="tz-list" value=${tz} aria-invalid=${this.inv('tz')} onInput=${set('tz')} />
            <datalist id="tz-list">${ZONES.map((z) => html`<option value=${z} />`)}</datalist>
            <small class="muted">${t('set.tz.hint')}</small></label>
          <label><span>${t('set.f.currency')}</span><select name="currency" value=${currency} aria-invalid=${this.inv('currency')} onChange=${set('currency')}>
            ${[...new Set([currency, ...CURRENCIES])].map((c) => html`<option value=${c}>${c}</option>`)}</select></label>
        </div></section>
      <section class="card"><h2>${t('set.hygiene')}</h2>
        <div class="form-grid">
          <label><span>${t('set.f.stale_days')}</span><input name="stale_days" inputmode="numeric" value=${stale}
            aria-invalid=${this.inv('stale_days')} onInput=${set('stale')} /><small class="muted">${t('set.stale.hint')}</small></label>
          <label><span>${t('set.f.open_deal_limit')}</span><input name="open_deal_limit" inputmode="numeric" value=${limit}
            placeholder=${t('set.nolimit')} aria-invalid=${this.inv('open_deal_limit')} onInput=${set('limit')} />
            <small class="muted">${t('set.limit.hint')}</small></label>
          <fieldset class="checks" name="required_deal_fields" aria-invalid=${this.inv('required_deal_fields')}>
            <legend>${t('set.f.required_deal_fields')}</legend>
            ${REQUIRED.map((k) => html`<label class="check"><input type="checkbox" name=${`req-${k}`} checked=${req.has(k)}
              onChange=${() => this.toggle(k)} /> ${t(`set.req.${k}`)}</label>`)}</fieldset>
        </div></section>
      <section class="card"><h2>${t('set.clients')}</h2>
        <div class="form-grid">
          <label><span>${t('set.f.abc_basis')}</span><select name="abc_basis" value=${basis} aria-invalid=${this.inv('abc_basis')} onChange=${set('basis')}>
            <option value="payments">${t('abc.basis.payments')}</option><option value="revenue">${t('abc.basis.revenue')}</option></select></label>
          <label><span>${t('set.f.at_risk_days')}</span><input name="at_risk_days" inputmode="numeric" value=${risk}
            aria-invalid=${this.inv('at_risk_days')} onInput=${set('risk')} /><small class="muted">${t('set.risk.hint')}</small></label>
          <label><span>${t('set.f.nps_link_days')}</span><input name="nps_link_days" inputmode="numeric" value=${this.state.npsDays}
            aria-invalid=${this.inv('nps_link_days')} onInput=${set('npsDays')} /><small class="muted">${t('set.nps.hint')}</small></label>
          <label><span>${t('set.f.gross_margin')}</span><input name="gross_margin" inputmode="decimal" value=${this.state.margin}
            aria-invalid=${this.inv('gross_margin')} onInput=${set('margin')} /><small class="muted">${t('set.margin.hint')}</small></label>
        </div>
        <div class="form-foot"><button class="btn btn-primary" disabled=${busy}>${t('save')}</button>
          ${saved ? html`<span class="txt-good small" role="status">${t('plans.saved')}</span>` : null}
          <${SetError} err=${err} /></div></section></form>`;
  }
}

function Org({ onSaved }) {
  return html`<${Load} deps=${1} fetch=${() => api.get('/api/v1/org')}>${(o) => html`<${OrgForm} org=${o} onSaved=${onSaved} />`}<//>`;
}

/* ---- e-mail reminders (docs/notifications.md, "E-mail") ---- */

class MailForm extends FormBase {
  constructor(p) {
    super(p);
    const m = p.mail || {};
    this.state = { enabled: !!m.enabled, url: m.url || '', from: m.from || '', from_name: m.from_name || '',
      username: m.username || '', password: '', password_set: !!m.password_set, starttls: m.starttls !== false,
      err: null, busy: false, saved: false, tested: null };
  }
  async submit(e) {
    e.preventDefault();
    const st = this.state;
    if (!st.url.trim()) return this.fail({ field: 'url', message: t('form.required') });
    if (!st.from.trim()) return this.fail({ field: 'from', message: t('form.required') });
    const body = { enabled: st.enabled, url: st.url.trim(), from: st.from.trim(), from_name: st.from_name.trim(),
      username: st.username.trim(), starttls: st.starttls };
    if (st.password) body.password = st.password;
    this.setState({ busy: true, err: null, saved: false, tested: null });
    try {
      const m = await api.put('/api/v1/org/mail', body);
      this.setState({ busy: false, saved: true, password: '', password_set: m.password_set });
    } catch (err) { this.fail(err); }
  }
  async test() {
    this.setState({ busy: true, err: null, tested: null });
    try {
      await api.post('/api/v1/org/mail/test', {});
      this.setState({ busy: false, tested: t('set.mail.sent', { email: this.props.me.email }) });
    } catch (err) { this.fail(err); }
  }
  render(_, st) {
    const set = (k) => (e) => this.setState({ [k]: e.target.value, saved: false });
    const flag = (k) => (e) => this.setState({ [k]: e.target.checked, saved: false });
    return html`<form id="mail-form" ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
      <section class="card"><h2>${t('set.mail')}</h2><p class="small muted">${t('set.mail.hint')}</p>
        <label class="check"><input type="checkbox" name="enabled" checked=${st.enabled} onChange=${flag('enabled')} /> ${t('set.mail.enabled')}</label>
        <div class="form-grid">
          <label><span>${t('set.f.url')}</span><input name="url" value=${st.url} placeholder="smtp://smtp.yandex.ru:587"
            aria-invalid=${this.inv('url')} onInput=${set('url')} /></label>
          <label><span>${t('set.f.from')}</span><input name="from" type="email" value=${st.from} placeholder="crm@company.ru"
            aria-invalid=${this.inv('from')} onInput=${set('from')} /></label>
          <label><span>${t('set.f.from_name')}</span><input name="from_name" value=${st.from_name} aria-invalid=${this.inv('from_name')} onInput=${set('from_name')} /></label>
          <label><span>${t('set.f.username')}</span><input name="username" value=${st.username} autocomplete="off" aria-invalid=${this.inv('username')} onInput=${set('username')} /></label>
          <label><span>${t('set.f.password')}</span><input name="password" type="password" value=${st.password} autocomplete="new-password"
            placeholder=${st.password_set ? t('set.mail.pwset') : ''} aria-invalid=${this.inv('password')} onInput=${set('password')} /></label>
        </div>
        <label class="check"><input type="checkbox" name="starttls" checked=${st.starttls} onChange=${flag('starttls')} /> ${t('set.mail.starttls')}</label>
        <div class="form-foot"><button class="btn btn-primary" disabled=${st.busy}>${t('save')}</button>
          <button type="button" class="btn" id="mail-test" disabled=${st.busy || !this.props.mail && !st.saved} onClick=${() => this.test()}>${t('set.mail.test')}</button>
          ${st.saved ? html`<span class="txt-good small" role="status">${t('plans.saved')}</span>` : null}
          ${st.tested ? html`<span class="txt-good small" role="status" id="mail-tested">${st.tested}</span>` : null}
          <${SetError} err=${st.err} /></div></section></form>`;
  }
}

function Mail({ me }) {
  const get = () => api.get('/api/v1/org/mail').catch((e) => (e.status === 404 ? {} : Promise.reject(e)));
  return html`<${Load} deps=${1} fetch=${get}>${(m) => html`<${MailForm} mail=${m.url ? m : null} me=${me} />`}<//>`;
}

/* ---- API tokens ---- */

/* A token's scopes (docs/api-session.md, "Scopes"), in the API's order;
 * a new token gets the first three unless the admin says otherwise. */
const SCOPES = ['read', 'write', 'reports', 'admin'];
const DEFAULT_SCOPES = ['read', 'write', 'reports'];

class AddToken extends FormBase {
  constructor(p) {
    super(p);
    this.state = { name: '', user: String(p.me.user_id), scopes: [...DEFAULT_SCOPES], days: '', err: null, busy: false };
  }
  toggle(sc, on) {
    const set = new Set(this.state.scopes);
    if (on) set.add(sc); else set.delete(sc);
    this.setState({ scopes: SCOPES.filter((x) => set.has(x)) });
  }
  async submit(e) {
    e.preventDefault();
    const { name, user, scopes, days } = this.state;
    if (!name.trim()) return this.fail({ field: 'name', message: t('form.required') });
    if (!scopes.length) return this.fail({ field: 'scopes', message: t('set.scopes.none') });
    const d = days.trim();
    if (d && !(/^\d+$/.test(d) && Number(d) >= 1 && Number(d) <= 1830))
      return this.fail({ field: 'expires_in_days', message: t('set.expires.bad') });
    this.setState({ busy: true, err: null });
    try {
      const body = { name: name.trim(), user_id: Number(user), scopes };
      if (d) body.expires_in_days = Number(d);
      const tok = await api.post('/api/v1/tokens', body);
      this.setState({ busy: false, name: '', scopes: [...DEFAULT_SCOPES], days: '' });
      this.props.onAdded(tok);
    } catch (err) { this.fail(err); }
  }
  render({ users }, { name, user, scopes, days, err, busy }) {
    return html`<form class="mini-form" id="token-add" ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
      <label class="wide"><span>${t('set.f.tname')}</span><input name="name" value=${name} placeholder=${t('set.tname.ph')}
        aria-invalid=${this.inv('name')} onInput=${(e) => this.setState({ name: e.target.value })} /></label>
      <label><span>${t('set.f.tuser')}</span><select name="user_id" value=${user} aria-invalid=${this.inv('user_id')}
        onChange=${(e) => this.setState({ user: e.target.value })}>
        ${users.filter((u) => u.active).map((u) => html`<option value=${String(u.id)}>${u.name} · ${t(`role.${u.role}`)}</option>`)}</select></label>
      <fieldset class="wide" id="token-scopes" aria-invalid=${this.inv('scopes')}><legend>${t('set.f.scopes')}</legend>
        ${SCOPES.map((sc) => html`<label class="check"><input type="checkbox" name=${`scope-${sc}`} checked=${scopes.includes(sc)}
          onChange=${(e) => this.toggle(sc, e.target.checked)} /> ${t(`scope.${sc}`)}</label>`)}</fieldset>
      <label><span>${t('set.f.expires')}</span><input name="expires_in_days" inputmode="numeric" value=${days} placeholder=${t('set.expires.ph')}
        aria-invalid=${this.inv('expires_in_days')} onInput=${(e) => this.setState({ days: e.target.value })} /></label>
      <button class="btn btn-primary btn-small" disabled=${busy}>${t('set.token.add')}</button>
      <${TokenError} err=${err} /></form>`;
  }
}

class Tokens extends Component {
  constructor(p) { super(p); this.state = { n: 0, added: null, confirm: null, err: null }; }
  async revoke(tok) {
    this.setState({ err: null });
    try { await api.del(`/api/v1/tokens/${tok.id}`); this.setState({ confirm: null, n: this.state.n + 1 }); } catch (err) { this.setState({ err }); }
  }
  render({ me }, { n, added, confirm, err }) {
    return html`<${Load} deps=${n} fetch=${() => Promise.all([api.get('/api/v1/tokens'), api.get('/api/v1/users')])}>${([toks, users]) => {
      const who = new Map(users.items.map((u) => [u.id, u.name]));
      const items = [...toks.items].sort((a, b) => (!!a.revoked_at - !!b.revoked_at) || b.id - a.id);
      return html`
      <section class="card"><h2>${t('set.token.new')}</h2>
        <p class="small muted">${t('set.token.hint')}</p>
        ${added ? html`<${Secret} id="token-secret" label=${t('set.token.secret', { n: added.name })} value=${added.token}
          note=${t('set.token.once')} onClose=${() => this.setState({ added: null })} />` : null}
        <${AddToken} me=${me} users=${users.items} onAdded=${(tok) => this.setState({ added: tok, n: n + 1 })} />
      </section>
      <section class="card"><h2>${t('set.tokens')}</h2>
        ${err ? html`<${ErrorBox} error=${err} />` : null}
        ${items.length ? html`<div class="table-wrap"><table class="grid" id="tokens-table">
          <thead><tr><th>${t('set.f.tname')}</th><th>${t('set.f.tuser')}</th><th>${t('set.f.scopes')}</th><th>${t('set.f.expires.col')}</th>
            <th>${t('set.created')}</th><th>${t('set.used')}</th>
            <th>${t('set.status')}</th><th class="actions-col"></th></tr></thead>
          <tbody>${items.map((x) => html`<tr data-token=${x.id} class=${x.revoked_at ? 'inactive' : ''}>
            <th scope="row">${x.name}</th><td>${who.get(x.user_id) || `#${x.user_id}`}</td>
            <td class="token-scopes">${(x.scopes || []).map((sc) => t(`scope.${sc}`)).join(', ')}</td>
            <td class="token-expires">${x.expires_at ? date(x.expires_at) : html`<span class="muted">${t('set.expires.never')}</span>`}</td>
            <td>${dateTime(x.created_at)}</td><td>${x.used_at ? dateTime(x.used_at) : html`<span class="muted">${t('set.never')}</span>`}</td>
            <td>${x.revoked_at ? html`<span class="badge badge-bad">${t('set.revoked')} ${date(x.revoked_at)}</span>` : html`<span class="badge badge-good">${t('set.active')}</span>`}</td>
            <td class="row-actions">${x.revoked_at ? null : confirm === x.id
              ? html`<span class="small">${t('set.revoke.sure')}</span> <button class="btn btn-small btn-danger" onClick=${() => this.revoke(x)}>${t('set.revoke.yes')}</button>
                <button class="btn btn-small" onClick=${() => this.setState({ confirm: null })}>${t('cancel')}</button>`
              : html`<button class="btn btn-small" onClick=${() => this.setState({ confirm: x.id })}>${t('set.revoke')}</button>`}</td></tr>`)}
          </tbody></table></div>` : html`<div class="state state-empty">${t('set.notokens')}</div>`}
      </section>`;
    }}<//>`;
  }
}

/* ---- outgoing webhooks (docs/webhooks.md) ---- */

class AddWebhook extends FormBase {
  constructor(p) { super(p); this.state = { url: '', events: new Set(['deal.created', 'deal.stage_changed', 'deal.won', 'deal.lost']), err: null, busy: false }; }
  async submit(e) {
    e.preventDefault();
    const { url, events } = this.state;
    if (!url.trim()) return this.fail({ field: 'url', message: t('form.required') });
    this.setState({ busy: true, err: null });
    try {
      const w = await api.post('/api/v1/webhooks', { url: url.trim(), events: WH_EVENTS.filter((k) => events.has(k)) });
      this.setState({ busy: false, url: '' });
      this.props.onAdded(w);
    } catch (err) { this.fail(err); }
  }
  toggle(k, on) {
    const events = new Set(this.state.events);
    if (on) events.add(k); else events.delete(k);
    this.setState({ events });
  }
  render(_, { url, events, err, busy }) {
    return html`<form id="webhook-add" ref=${this.form} onSubmit=${(e) => this.submit(e)} novalidate>
      <div class="form-grid"><label class="wide"><span>${t('set.f.whurl')}</span><input name="url" value=${url} placeholder="https://example.com/voronka"
        aria-invalid=${this.inv('url')} onInput=${(e) => this.setState({ url: e.target.value })} /></label></div>
      <fieldset class="wh-events" name="events" aria-invalid=${this.inv('events')}><legend>${t('set.wh.events')}</legend>
        ${WH_EVENTS.map((k) => html`<label class="check"><input type="checkbox" name=${`ev-${k}`} checked=${events.has(k)}
          onChange=${(e) => this.toggle(k, e.target.checked)} /> ${t(`wh.ev.${k}`)}</label>`)}</fieldset>
      <div class="form-foot"><button class="btn btn-primary" disabled=${busy}>${t('set.wh.add')}</button>
        <${WebhookError} err=${err} /></div></form>`;
  }
}

const whStatus = (w) => (w.active ? html`<span class="badge badge-good">${t('set.wh.on')}</span>`
  : w.disabled_at ? html`<span class="badge badge-bad" title=${t('set.wh.disabled.hint')}>${t('set.wh.failed')} ${dateTime(w.disabled_at)}</span>`
    : html`<span class="badge badge-warn">${t('set.wh.off')}</span>`);

function Deliveries({ id }) {
  return html`<${Load} deps=${id} fetch=${() => api.get(`/api/v1/webhooks/${id}/deliveries?limit=20`)}>${(d) => (d.items.length
    ? html`<table class="grid small" id=${`webhook-deliveries-${id}`}><thead><tr><th>${t('set.wh.when')}</th><th>${t('set.wh.event')}</th>
        <th>${t('set.status')}</th><th>${t('set.wh.attempts')}</th><th>${t('set.wh.answer')}</th></tr></thead>
      <tbody>${d.items.map((x) => html`<tr data-delivery=${x.id}><td>${dateTime(x.created_at)}</td><td>${t(`wh.ev.${x.event}`)}</td>
        <td>${html`<span class=${`badge ${x.status === 'delivered' ? 'badge-good' : x.status === 'failed' ? 'badge-bad' : 'badge-warn'}`}>${t(`set.wh.st.${x.status}`)}</span>`}</td>
        <td class="num">${num(x.attempt)}</td><td>${x.response_code != null ? `HTTP ${x.response_code}` : x.error || '—'}</td></tr>`)}</tbody></table>`
    : html`<div class="state state-empty">${t('set.wh.nodeliveries')}</div>`)}<//>`;
}

class Webhooks extends Component {
  constructor(p) { super(p); this.state = { n: 0, added: null, confirm: null, err: null, tested: {}, open: null, busy: null }; }
  async patch(w, body) {
    this.setState({ err: null, busy: w.id });
    try { await api.patch(`/api/v1/webhooks/${w.id}`, body); this.setState({ busy: null, n: this.state.n + 1 }); } catch (err) { this.setState({ err, busy: null }); }
  }
  async remove(w) {
    this.setState({ err: null });
    try { await api.del(`/api/v1/webhooks/${w.id}`); this.setState({ confirm: null, n: this.state.n + 1 }); } catch (err) { this.setState({ err }); }
  }
  async test(w) {
    this.setState({ err: null, busy: w.id });
    try {
      const r = await api.post(`/api/v1/webhooks/${w.id}/test`, {});
      const text = r.delivered ? t('set.wh.test.ok', { s: r.status }) : t('set.wh.test.bad', { s: r.status != null ? `HTTP ${r.status}` : r.error || '—' });
      this.setState({ busy: null, tested: { ...this.state.tested, [w.id]: { ok: r.delivered, text } }, n: this.state.n + 1 });
    } catch (err) { this.setState({ err, busy: null }); }
  }
  render(_, { n, added, confirm, err, tested, open, busy }) {
    return html`<${Load} deps=${n} fetch=${() => api.get('/api/v1/webhooks')}>${(list) => html`
      <section class="card"><h2>${t('set.wh.new')}</h2>
        <p class="small muted">${t('set.wh.hint')}</p>
        ${added ? html`<${Secret} id="webhook-secret" label=${t('set.wh.secret')} value=${added.secret}
          note=${t('set.token.once')} onClose=${() => this.setState({ added: null })} />` : null}
        <${AddWebhook} onAdded=${(w) => this.setState({ added: w, n: n + 1 })} />
      </section>
      <section class="card"><h2>${t('set.tab.webhooks')}</h2>
        ${err ? html`<${ErrorBox} error=${err} />` : null}
        ${list.items.length ? html`<div class="table-wrap"><table class="grid" id="webhooks-table">
          <thead><tr><th>${t('set.f.whurl')}</th><th>${t('set.wh.events')}</th><th>${t('set.status')}</th><th class="actions-col"></th></tr></thead>
          <tbody>${list.items.map((w) => html`<tr data-webhook=${w.id} class=${w.active ? '' : 'inactive'}>
            <th scope="row" class="wh-url">${w.url}</th><td class="small">${w.events.map((k) => t(`wh.ev.${k}`)).join(', ')}</td>
            <td>${whStatus(w)}${tested[w.id] ? html`<div class=${`small ${tested[w.id].ok ? 'txt-good' : 'txt-bad'}`} role="status">${tested[w.id].text}</div>` : null}</td>
            <td class="row-actions">${confirm === w.id
              ? html`<span class="small">${t('set.wh.remove.sure')}</span> <button class="btn btn-small btn-danger" onClick=${() => this.remove(w)}>${t('set.wh.remove.yes')}</button>
                <button class="btn btn-small" onClick=${() => this.setState({ confirm: null })}>${t('cancel')}</button>`
              : html`<button class="btn btn-small wh-test" disabled=${busy === w.id} onClick=${() => this.test(w)}>${t('set.wh.test')}</button>
                <button class="btn btn-small wh-toggle" disabled=${busy === w.id} onClick=${() => this.patch(w, { active: !w.active })}>${w.active ? t('set.wh.disable') : t('set.wh.enable')}</button>
                <button class="btn btn-small wh-log" onClick=${() => this.setState({ open: open === w.id ? null : w.id })}>${t('set.wh.log')}</button>
                <button class="btn btn-small" onClick=${() => this.setState({ confirm: w.id })}>${t('set.wh.remove')}</button>`}</td></tr>
            ${open === w.id ? html`<tr class="wh-log-row"><td colspan="4"><${Deliveries} id=${w.id} key=${n} /></td></tr>` : null}`)}
          </tbody></table></div>` : html`<div class="state state-empty">${t('set.nowebhooks')}</div>`}
      </section>`}<//>`;
  }
}

/* The tabs a role manages: the head of sales the pipelines, the calendar
 * and the webhooks, the administrator everything. */
const tabsOf = (role) => (role === 'admin' ? TABS : ['pipelines', 'calendar', 'webhooks']);

export class Settings extends Component {
  constructor(p) {
    super(p);
    const tab = currentQuery().get('tab');
    const tabs = tabsOf(p.user.role);
    this.state = { tab: tabs.includes(tab) ? tab : tabs[0] };
  }
  render({ title, user, onOrgChange }, { tab }) {
    const tabs = tabsOf(user.role);
    const View = { users: Users, teams: Teams, pipelines: Pipelines, calendar: Calendar, org: Org, mail: Mail, tokens: Tokens, webhooks: Webhooks }[tab];
    return html`<div class="page settings">
      <header class="page-head"><h1>${title}</h1></header>
      <${Tabs} tabs=${tabs.map((k) => [k, t(`set.tab.${k}`)])} value=${tab}
        onChange=${(k) => { this.setState({ tab: k }); setQuery({ tab: k === tabs[0] ? '' : k }); }} />
      <div class="tab-body" id=${`settings-${tab}`}><${View} key=${tab} me=${user} onSaved=${() => onOrgChange && onOrgChange()} /></div>
    </div>`;
  }
}
