// lists.js - the CRM's lists: all deals (open, won and lost), tasks and
// clients, each with its filters kept in the address (so a link or the
// back button shows the same list), sortable columns (the API's sort keys)
// and pages on the API's cursor paging (GET /api/v1/deals, /tasks,
// /clients; docs/api-crm.md, "Lists"). The API answers these lists in JSON
// only (no format=csv|xlsx), so they offer no download.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
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

/* One list: props.cfg = {id, path, title, sorts: [key...] (first the
   default), filters(dicts, user) -> [{name, label, type, options}],
   columns(dicts) -> [{key, label, sort?, num?, cell(row)}]}. */
class ListScreen extends Component {
  constructor(p) {
    super(p);
    const q = currentQuery();
    const f = {};
    for (const [k, v] of q.entries()) f[k] = v;
    this.state = { f, dicts: null, rows: null, error: null, loading: true, cursors: [null], page: 0, next: null };
  }
  async componentDidMount() {
    try { this.setState({ dicts: await dictionaries(this.props.cfg.pipes) }); } catch (error) { this.setState({ error }); }
    this.load(0, [null]);
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
  reset() { setQuery({}); this.setState({ f: {} }, () => this.load(0, [null])); }
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
  id: 'deals-list', path: '/api/v1/deals', defaultSort: '-created_at', pipes: true,
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
  id: 'tasks-list', path: '/api/v1/tasks', defaultSort: 'due_at',
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
