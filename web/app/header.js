// header.js - what the app's header (the sidebar's top; on a phone the
// menu bar) holds on every screen: the global search over deals, clients
// and contacts (GET /api/v1/search, asked 200 ms after the last key,
// results grouped by kind, arrows and Enter, a click opens the card) and
// the notification centre (a bell with the unread count, the list, marking
// read; live through EventSource on /api/v1/events, no polling; the
// browser's own notifications once the user allows them by a click).
import { html, Component, createRef } from './lib.js';
import { api } from './api.js';
import { t, dateTime } from './i18n.js';
import { navigate } from './router.js';

const KINDS = ['deal', 'client', 'contact'];

export class GlobalSearch extends Component {
  constructor(p) { super(p); this.state = { q: '', items: [], open: false, active: 0, err: null }; this.input = createRef(); }
  componentWillUnmount() { clearTimeout(this.timer); }
  type(q) {
    this.setState({ q, open: true });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.search(q), 200);
  }
  async search(q) {
    const my = (this.seq = (this.seq || 0) + 1);
    if (!q.trim()) return this.setState({ items: [], active: 0 });
    try {
      const r = await api.get('/api/v1/search', { q: q.trim(), limit: 20 });
      // grouped by kind, in the server's order within a kind
      const items = KINDS.flatMap((k) => r.items.filter((x) => x.kind === k));
      if (my === this.seq) this.setState({ items, active: 0, err: null });
    } catch (err) { if (my === this.seq) this.setState({ items: [], err }); }
  }
  async open(x) {
    this.setState({ open: false, q: '', items: [] });
    if (this.input.current) this.input.current.blur();
    if (x.kind === 'deal') return navigate(`/deals/${x.id}`);
    if (x.kind === 'client') return navigate(`/clients/${x.id}`);
    try { const c = await api.get(`/api/v1/contacts/${x.id}`); navigate(`/clients/${c.client_id}`); } catch (err) { this.setState({ err, open: true }); }
  }
  key(e) {
    const { items, active } = this.state;
    if (e.key === 'ArrowDown') { e.preventDefault(); this.setState({ active: Math.min(items.length - 1, active + 1), open: true }); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); this.setState({ active: Math.max(0, active - 1) }); }
    else if (e.key === 'Enter') { e.preventDefault(); if (items[active]) this.open(items[active]); }
    else if (e.key === 'Escape') this.setState({ open: false });
  }
  render(_, { q, items, open, active, err }) {
    let kind = null;
    return html`<div class="gsearch" onFocusOut=${(e) => { if (!e.currentTarget.contains(e.relatedTarget)) this.setState({ open: false }); }}>
      <input id="global-search" type="search" ref=${this.input} value=${q} autocomplete="off" placeholder=${t('search.placeholder')}
        aria-label=${t('search.placeholder')} role="combobox" aria-expanded=${open && !!q.trim()} aria-controls="search-results"
        aria-activedescendant=${open && items[active] ? `sr-${active}` : undefined}
        onInput=${(e) => this.type(e.target.value)} onKeyDown=${(e) => this.key(e)} onFocus=${() => this.setState({ open: true })} />
      ${open && q.trim() ? html`<div class="gsearch-results" id="search-results" role="listbox">
        ${err ? html`<div class="form-error">${err.message}</div>` : null}
        ${!items.length && !err ? html`<div class="muted small gsearch-none">${t('search.none')}</div>` : null}
        ${items.map((x, i) => {
          const head = x.kind !== kind ? html`<div class="gsearch-kind">${t(`search.kind.${x.kind}`)}</div>` : null;
          kind = x.kind;
          return html`${head}<button type="button" id=${`sr-${i}`} role="option" aria-selected=${i === active} tabindex="-1"
            class=${`gsearch-item${i === active ? ' active' : ''}`} data-kind=${x.kind} data-id=${x.id}
            onMouseDown=${(e) => e.preventDefault()} onClick=${() => this.open(x)}>
            <span>${x.title}</span>${x.subtitle ? html`<span class="muted small">${x.subtitle}</span>` : null}</button>`;
        })}</div>` : null}</div>`;
  }
}

/* Where the people's notifications lead (issue 14), by object. */
const PEOPLE_TARGETS = {
  document: (n) => `/library/${n.object_id}`,
  onboarding: () => '/onboarding',
  training: () => '/trainings',
  attestation: () => '/attestations',
  idp: () => '/idp',
};

/* Where a notification leads. */
function target(n) {
  if (n.object === 'deal') return `/deals/${n.object_id}`;
  if (n.object === 'client') return `/clients/${n.object_id}`;
  if (n.object === 'recognition' && n.payload && n.payload.user_id) return `/managers/${n.payload.user_id}`;
  // issue 14: each people's object has its screen (PEOPLE_TARGETS)
  if (PEOPLE_TARGETS[n.object]) return PEOPLE_TARGETS[n.object](n);
  if (n.payload && n.payload.deal_id) return `/deals/${n.payload.deal_id}`;
  if (n.payload && n.payload.client_id) return `/clients/${n.payload.client_id}`;
  return '/tasks';
}

export class Bell extends Component {
  constructor(p) {
    super(p);
    this.state = { unread: 0, items: [], open: false, err: null, perm: typeof Notification === 'undefined' ? 'none' : Notification.permission };
  }
  componentDidMount() {
    this.load();
    this.listen();
  }
  /* The server sends each new notification as it is stored; EventSource
     reconnects by itself with Last-Event-ID (none is shown twice), except
     after an error answer (429 too many streams, 503): then a new stream
     in 5 s, and the list read again for what came meanwhile. */
  listen() {
    if (typeof EventSource === 'undefined' || this.gone) return;
    this.es = new EventSource('/api/v1/events');
    this.es.onerror = () => {
      if (this.es.readyState !== EventSource.CLOSED) return;
      clearTimeout(this.retry);
      this.retry = setTimeout(() => { this.load(); this.listen(); }, 5000);
    };
    this.es.addEventListener('notification', (e) => {
      let n;
      try { n = JSON.parse(e.data); } catch { return; }
      if (this.state.items.some((x) => x.id === n.id)) return;
      this.setState({ items: [n, ...this.state.items].slice(0, 50), unread: this.state.unread + (n.read ? 0 : 1) });
      this.native(n);
    });
  }
  componentWillUnmount() { this.gone = true; clearTimeout(this.retry); if (this.es) this.es.close(); }
  async load() {
    try {
      const r = await api.get('/api/v1/notifications', { limit: 50 });
      this.setState({ items: r.items, unread: r.unread, err: null });
    } catch (err) { this.setState({ err }); }
  }
  text(n) { return t(`notify.${n.kind}`, { title: n.title || '' }); }
  native(n) {
    if (this.state.perm !== 'granted' || n.read) return;
    try {
      const w = new Notification('voronka', { body: this.text(n), tag: `vo-${n.id}` });
      w.onclick = () => { window.focus(); this.open(n); };
    } catch { /* a browser without it */ }
  }
  async allow() {
    try { const perm = await Notification.requestPermission(); this.setState({ perm }); } catch { /* refused */ }
  }
  async open(n) {
    this.setState({ open: false });
    if (!n.read) await this.read(n);
    navigate(target(n));
  }
  async read(n) {
    try {
      await api.post(`/api/v1/notifications/${n.id}/read`, {});
      this.setState({ items: this.state.items.map((x) => (x.id === n.id ? { ...x, read: true } : x)), unread: Math.max(0, this.state.unread - 1) });
    } catch (err) { this.setState({ err }); }
  }
  async readAll() {
    try {
      await api.post('/api/v1/notifications/read-all', {});
      this.setState({ items: this.state.items.map((x) => ({ ...x, read: true })), unread: 0 });
    } catch (err) { this.setState({ err }); }
  }
  render(_, { unread, items, open, err, perm }) {
    return html`<div class="bell-wrap">
      <button class="bell" id="bell" aria-expanded=${open} aria-label=${t('notify.title', { n: unread })} title=${t('notify.title', { n: unread })}
        onClick=${() => { this.setState({ open: !open }); if (!open) this.load(); }}>
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
          stroke-linecap="round" stroke-linejoin="round"><path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" /><path d="M13.7 21a2 2 0 0 1-3.4 0" /></svg>${unread ? html`<span class="bell-count" id="bell-count">${unread > 99 ? '99+' : unread}</span>` : null}</button>
      ${open ? html`<div class="bell-panel" id="bell-panel" role="dialog" aria-label=${t('notify.list')}>
        <div class="bell-head"><strong>${t('notify.list')}</strong>
          ${unread ? html`<button class="link-btn small" id="read-all" onClick=${() => this.readAll()}>${t('notify.readall')}</button>` : null}</div>
        ${perm === 'default' ? html`<button class="btn btn-small" id="notify-allow" onClick=${() => this.allow()}>${t('notify.allow')}</button>` : null}
        ${err ? html`<div class="form-error">${err.message}</div>` : null}
        ${items.length ? html`<ul class="bell-list">${items.map((n) => html`<li class=${n.read ? '' : 'unread'} data-id=${n.id}>
          <a href=${target(n)} onClick=${(e) => { e.preventDefault(); this.open(n); }}>${this.text(n)}</a>
          <div class="muted small">${dateTime(n.created_at)}
            ${!n.read ? html` · <button class="link-btn small mark-read" onClick=${() => this.read(n)}>${t('notify.markread')}</button>` : null}</div></li>`)}</ul>`
          : html`<p class="muted small">${t('notify.none')}</p>`}</div>` : null}</div>`;
  }
}
