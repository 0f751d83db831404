// lists.js - the CRM's lists: all deals (open, won and lost), tasks and
// clients, each with its filters kept in the address (so a link or the
// back button shows the same list), sortable columns (the API's sort keys)
// and pages on the API's cursor paging (GET /api/v1/deals, /tasks,
// /clients; docs/api-crm.md, "Lists"), and a download of the whole list.
// Above each list the user's saved filters (GET /api/v1/saved-filters,
// docs/api-crm.md "Saved filters"): a chip applies one in a click; the
// current filters and sort are saved under a name; the applied one is
// renamed, made the list's default (opened when the list is opened
// without a query) or deleted. They are the user's own: nobody else sees
// them.
import { html, Component } from '../lib.js';
import { api, request } from '../api.js';
import { t, money, date, dateTime, getLang } from '../i18n.js';
import { currentQuery, setQuery } from '../router.js';
import { Spinner, ErrorBox, Empty, lead } from '../ui.js';

const PAGE = 50;

/* What every list needs besides its rows: the users (owners' names) and,
   for deals, the pipelines; read once per screen. */
async function dictionaries(withPipes) {
  const [users, pipes] = await Promise.all([api.get('/api/v1/users'),
    withPipes ? api.get('/api/v1/pipelines') : Promise.resolve({ items: [] })]);
  return { users: users.items, pipes: pipes.items };
}

/* The filters f as a query string, keys in order (a saved filter's
   "query", compared with the current filters). */
const queryOf = (f) => {
  const q = new URLSearchParams();
  for (const k of Object.keys(f).sort()) if (f[k] !== '' && f[k] != null) q.set(k, f[k]);
  return q.toString();
};
const filtersOf = (query) => Object.fromEntries(new URLSearchParams(query).entries());

/* The user's saved filters of one list: props.kind, props.f (the current
   filters), props.apply(f), props.initial(items) once read (or [] when
   they cannot be). */
class SavedFilters extends Component {
  constructor(p) { super(p); this.state = { items: null, form: null, name: '', def: false, error: null }; }
  async componentDidMount() {
    try {
      const r = await api.get('/api/v1/saved-filters', { kind: this.props.kind });
      this.setState({ items: r.items });
      this.props.initial(r.items);
    } catch (error) { this.setState({ error }); this.props.initial([]); }
  }
  async reload() {
    const r = await api.get('/api/v1/saved-filters', { kind: this.props.kind });
    this.setState({ items: r.items, form: null, error: null });
  }
  open(form, active) {
    this.setState({ form, target: active, error: null, name: form === 'rename' ? active.name : '', def: false });
  }
  async submit(e) {
    e.preventDefault();
    const { form, name, def, target } = this.state;
    try {
      if (form === 'save')
        await api.post('/api/v1/saved-filters', { kind: this.props.kind, name: name.trim(), query: queryOf(this.props.f), default: def });
      else await api.patchAt(`/api/v1/saved-filters/${target.id}`, { name: name.trim() }, target.version);
      await this.reload();
    } catch (error) { this.setState({ error }); }
  }
  async act(active, what) {
    const path = `/api/v1/saved-filters/${active.id}`;
    try {
      if (what === 'delete') await request('DELETE', path, undefined, { 'If-Match': `"${active.version}"` });
      else await api.patchAt(path, { default: !active.default }, active.version);
      await this.reload();
    } catch (error) { this.setState({ error }); }
  }
  render({ f, apply }, { items, form, name, def, error }) {
    if (!items) return error ? html`<div class="saved-filters no-print"><${ErrorBox} error=${error} /></div>` : null;
    const cur = queryOf(f);
    const active = items.find((x) => queryOf(filtersOf(x.query)) === cur);
    return html`<div class="saved-filters no-print" id="saved-filters">
      <span class="muted small">${t('sf.title')}</span>
      ${items.map((x) => html`<button type="button" class=${`sf-chip ${x === active ? 'sf-on' : ''}`} data-id=${x.id}
          aria-pressed=${x === active ? 'true' : 'false'} title=${x.default ? t('sf.default') : undefined}
          onClick=${() => apply(filtersOf(x.query))}>${x.default ? '★ ' : ''}${x.name}</button>`)}
      ${!items.length ? html`<span class="muted small" id="sf-none">${t('sf.none')}</span>` : null}
      <button type="button" class="link-btn" id="sf-save" onClick=${() => this.open('save', active)}>${t('sf.save')}</button>
      ${active ? html`<span class="sf-actions">
        <button type="button" class="link-btn" id="sf-rename" onClick=${() => this.open('rename', active)}>${t('sf.rename')}</button>
        <button type="button" class="link-btn" id="sf-default" onClick=${() => this.act(active, 'default')}>${t(active.default ? 'sf.undefault' : 'sf.make_default')}</button>
        <button type="button" class="link-btn txt-bad" id="sf-delete" onClick=${() => this.act(active, 'delete')}>${t('sf.delete')}</button></span>` : null}
      ${form ? html`<form class="sf-form" id="sf-form" onSubmit=${(e) => this.submit(e)}>
        <input name="sf-name" required maxlength="80" placeholder=${t('sf.name')} value=${name} onInput=${(e) => this.setState({ name: e.target.value })} />
        ${form === 'save' ? html`<label class="small"><input type="checkbox" name="sf-default" checked=${def} onChange=${(e) => this.setState({ def: e.target.checked })} /> ${t('sf.default')}</label>` : null}
        <button class="btn btn-small btn-primary" type="submit">${t(form === 'save' ? 'sf.save.ok' : 'sf.rename.ok')}</button>
        <button class="btn btn-small" type="button" onClick=${() => this.setState({ form: null, error: null })}>${t('cancel')}</button></form>` : null}
      ${error ? html`<p class="txt-bad small" id="sf-error">${error.message}</p>` : null}
    </div>`;
  }
}

/* One list: props.cfg = {id, kind (of its saved filters), path, title,
   sorts: [key...] (first the default), filters(dicts, user) -> [{name,
   label, type, options}], columns(dicts) -> [{key, label, sort?, num?,
   cell(row)}]}. */

class ListScreen extends Component {
  constructor(p) {
    super(p);
    const q = currentQuery();
    const f = {};
    for (const [k, v] of q.entries()) f[k] = v;
    this.state = { f, dicts: null, rows: null, error: null, loading: true, cursors: [null], page: 0, next: null };
    /* opened without a query: the list waits for the user's default filter */
    this.bare = !q.toString();
  }
  async componentDidMount() {
    try { this.setState({ dicts: await dictionaries(this.props.cfg.pipes) }); } catch (error) { this.setState({ error }); }
    if (!this.bare) this.load(0, [null]);
  }
  /* The saved filters are read: a list opened without a query opens on
     the default one, if there is one (or on everything when they cannot
     be read). */
  initial(items) {
    if (!this.bare) return;
    this.bare = false;
    const def = items.find((x) => x.default);
    if (def) this.apply(filtersOf(def.query));
    else this.load(0, [null]);
  }
  apply(f) {
    setQuery(f);
    this.setState({ f }, () => this.load(0, [null]));
  }
  async load(page, cursors) {
    const { cfg } = this.props;
    const f = this.state.f;
    const params = { ...f, limit: PAGE, cursor: cursors[page] || undefined };
    if (!params.sort) params.sort = cfg.defaultSort;
    const my = (this.seq = (this.seq || 0) + 1);
    this.setState({ loading: true, error: null });
    try {
      const r = await api.get(cfg.path, params);
      if (my !== this.seq) return;
      this.setState({ rows: r.items, next: r.next_cursor, page, cursors, loading: false });
    } catch (error) { if (my === this.seq) this.setState({ error, loading: false }); }
  }
  set(name, value) {
    const f = { ...this.state.f, [name]: value };
    if (value === '' || value == null) delete f[name];
    setQuery(f);
    this.setState({ f }, () => this.load(0, [null]));
  }
  sortBy(key) {
    const cur = this.state.f.sort || this.props.cfg.defaultSort;
    this.set('sort', cur === key ? `-${key}` : key);
  }
  reset() { this.apply({}); }
  render({ cfg, user, title }, { f, dicts, rows, error, loading, page, cursors, next }) {
    const filters = dicts ? cfg.filters(dicts, user) : [];
    const cols = dicts ? cfg.columns(dicts) : [];
    const sort = f.sort || cfg.defaultSort;
    const arrow = (k) => (sort === k ? ' ↑' : sort === `-${k}` ? ' ↓' : '');
    /* the whole filtered list as a file (docs/export.md): every row, not this page */
    const file = (format) => `${cfg.path}?${new URLSearchParams({ ...f, sort, format, lang: getLang() === 'en' ? 'en' : 'ru' })}`;
    return html`<div class="page list-page" id=${cfg.id}>
      <header class="page-head"><h1>${title}</h1>
        <div class="filters"><a class="btn btn-small list-xlsx" href=${file('xlsx')} download>${t('export.xlsx')}</a>
          <a class="btn btn-small list-csv" href=${file('csv')} download>${t('export.csv')}</a></div></header>
      <form class="filters list-filters" onSubmit=${(e) => e.preventDefault()}>
        ${filters.map((x) => html`<label><span>${x.label}</span>
          ${x.options ? html`<select name=${x.name} value=${f[x.name] || ''} onChange=${(e) => this.set(x.name, e.target.value)}>
              <option value="">${t('list.all')}</option>${x.options.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select>`
            : html`<input name=${x.name} type=${x.type || 'text'} value=${f[x.name] || ''} placeholder=${x.placeholder}
              onChange=${(e) => this.set(x.name, e.target.value)} />`}</label>`)}
        ${Object.keys(f).some((k) => k !== 'sort') ? html`<button type="button" class="link-btn" id="list-reset" onClick=${() => this.reset()}>${t('funnel.f.reset')}</button>` : null}
      </form>
      <${SavedFilters} kind=${cfg.kind} f=${f} apply=${(x) => this.apply(x)} initial=${(items) => this.initial(items)} />
      ${error ? html`<${ErrorBox} error=${error} onRetry=${() => this.load(page, cursors)} />`
        : !rows ? html`<${Spinner} />`
        : !rows.length ? html`<${Empty} text=${t('list.empty')} />`
        : html`<section class=${`card ${loading ? 'reloading' : ''}`}><div class="table-wrap"><table class="grid list-grid">
          <thead><tr>${cols.map((c) => html`<th class=${c.num ? 'num' : ''} aria-sort=${sort === c.sort ? 'ascending' : sort === `-${c.sort}` ? 'descending' : undefined}>
            ${c.sort ? html`<button class="link-btn sort-btn" data-sort=${c.sort} onClick=${() => this.sortBy(c.sort)}>${c.label}${arrow(c.sort)}</button>` : c.label}</th>`)}</tr></thead>
          <tbody>${rows.map((r) => html`<tr data-id=${r.id}>${cols.map((c) => html`<td class=${c.num ? 'num' : ''} data-col=${c.key}>${c.cell(r)}</td>`)}</tr>`)}</tbody>
        </table></div>
        <nav class="pager" aria-label=${t('list.pages')}>
          <button class="btn btn-small" id="page-prev" disabled=${page === 0} onClick=${() => this.load(page - 1, cursors)}>← ${t('list.prev')}</button>
          <span class="muted" id="page-no">${t('list.page', { n: page + 1 })}</span>
          <button class="btn btn-small" id="page-next" disabled=${!next} onClick=${() => this.load(page + 1, [...cursors.slice(0, page + 1), next])}>${t('list.next')} →</button>
        </nav></section>`}
    </div>`;
  }
}

const userName = (dicts, id) => { const u = dicts.users.find((x) => x.id === id); return u ? u.name || u.email : '—'; };
const owners = (dicts) => dicts.users.filter((u) => u.role !== 'viewer').map((u) => [String(u.id), u.name || u.email]);
const period = () => [
  { name: 'from', label: t('list.from'), type: 'date' },
  { name: 'to', label: t('list.to'), type: 'date' }];

const DEALS = {
  id: 'deals-list', kind: 'deals', path: '/api/v1/deals', defaultSort: '-created_at', pipes: true,
  filters: (d, user) => [
    { name: 'q', label: t('list.search'), placeholder: t('list.search.deal') },
    { name: 'status', label: t('deal.status'), options: ['open', 'won', 'lost'].map((s) => [s, t(`deal.status.${s}`)]) },
    ...(lead(user) ? [{ name: 'owner_id', label: t('deal.owner'), options: owners(d) }] : []),
    ...(d.pipes.length > 1 ? [{ name: 'pipeline_id', label: t('field.pipeline'), options: d.pipes.map((p) => [String(p.id), p.name]) }] : []),
    { name: 'stage_id', label: t('deal.stage'), options: d.pipes.flatMap((p) => p.stages.map((s) => [String(s.id), d.pipes.length > 1 ? `${p.name}: ${s.name}` : s.name])) },
    { name: 'channel', label: t('deal.channel') },
    ...period()],
  columns: () => [
    { key: 'title', label: t('field.title'), sort: 'title', cell: (r) => html`<a href=${`/deals/${r.id}`}>${r.title || `#${r.id}`}</a>` },
    { key: 'client', label: t('deal.client'), cell: (r) => (r.client_id ? html`<a href=${`/clients/${r.client_id}`}>${r.client}</a>` : '—') },
    { key: 'amount', label: t('deal.amount'), sort: 'amount', num: true, cell: (r) => money(r.amount) },
    { key: 'stage', label: t('deal.stage'), cell: (r) => r.stage },
    { key: 'status', label: t('deal.status'), cell: (r) => html`<span class=${`badge ${r.status === 'won' ? 'badge-good' : r.status === 'lost' ? 'badge-bad' : ''}`}>${t(`deal.status.${r.status}`)}</span>` },
    { key: 'owner', label: t('deal.owner'), cell: (r) => r.owner || '—' },
    { key: 'created_at', label: t('deal.created'), sort: 'created_at', cell: (r) => date(r.created_at) }],
};

const TASKS = {
  id: 'tasks-list', kind: 'tasks', path: '/api/v1/tasks', defaultSort: 'due_at',
  filters: (d, user) => [
    { name: 'q', label: t('list.search'), placeholder: t('list.search.task') },
    { name: 'status', label: t('deal.status'), options: [['open', t('task.open')], ['done', t('task.done')]] },
    ...(lead(user) ? [{ name: 'owner_id', label: t('task.assignee'), options: owners(d) }] : []),
    ...period()],
  columns: (d) => [
    { key: 'title', label: t('field.title'), cell: (r) => html`<span class=${r.done ? 'done-text' : ''}>${r.title}</span>` },
    { key: 'due_at', label: t('field.due_at'), sort: 'due_at', cell: (r) => html`<span class=${!r.done && new Date(r.due_at) < new Date() ? 'txt-bad' : ''}>${dateTime(r.due_at)}</span>` },
    { key: 'deal', label: t('nav.deal'), cell: (r) => (r.deal_id ? html`<a href=${`/deals/${r.deal_id}`}>${r.deal_title || `#${r.deal_id}`}</a>` : '—') },
    { key: 'client', label: t('deal.client'), cell: (r) => (r.client_id ? html`<a href=${`/clients/${r.client_id}`}>${r.client_name || `#${r.client_id}`}</a>` : r.client_name || '—') },
    { key: 'assignee', label: t('task.assignee'), cell: (r) => userName(d, r.assignee_id) },
    { key: 'done', label: t('deal.status'), cell: (r) => html`<span class=${`badge ${r.done ? 'badge-good' : ''}`}>${t(r.done ? 'task.done' : 'task.open')}</span>` },
    { key: 'created_at', label: t('deal.created'), sort: 'created_at', cell: (r) => date(r.created_at) }],
};

const CLIENTS = {
  id: 'clients-list', kind: 'clients', path: '/api/v1/clients', defaultSort: 'name',
  filters: (d, user) => [
    { name: 'q', label: t('list.search'), placeholder: t('list.search.client') },
    ...(lead(user) ? [{ name: 'owner_id', label: t('deal.owner'), options: owners(d) }] : []),
    { name: 'channel', label: t('deal.channel') },
    ...period()],
  columns: (d) => [
    { key: 'name', label: t('client.name'), sort: 'name', cell: (r) => html`<a href=${`/clients/${r.id}`}>${r.name}</a>${r.key_account ? html` <span class="badge badge-warn">${t('client.key')}</span>` : null}` },
    { key: 'inn', label: t('client.inn'), cell: (r) => r.inn || '—' },
    { key: 'phone', label: t('client.phone'), cell: (r) => r.phone || '—' },
    { key: 'segment', label: t('client.segment'), cell: (r) => r.segment || '—' },
    { key: 'channel', label: t('deal.channel'), cell: (r) => r.channel || '—' },
    { key: 'owner', label: t('deal.owner'), cell: (r) => userName(d, r.owner_id) },
    { key: 'created_at', label: t('deal.created'), sort: 'created_at', cell: (r) => date(r.created_at) }],
};

export const DealsList = (p) => html`<${ListScreen} ...${p} cfg=${DEALS} />`;
export const TasksList = (p) => html`<${ListScreen} ...${p} cfg=${TASKS} />`;
export const ClientsList = (p) => html`<${ListScreen} ...${p} cfg=${CLIENTS} />`;
