// main.js - the app: who is signed in, the layout (a sidebar by role, the
// language switch), the screens by route, and the login form.
import { html, render, Component, createRef } from './lib.js';
import { api, setCsrf, onUnauthorized } from './api.js';
import { t, getLang, setLang, onLang, setCurrency } from './i18n.js';
import { currentPath, navigate, onRoute, match } from './router.js';
import { Spinner, ErrorBox, FormError } from './ui.js';
import { PlanFact } from './screens/planfact.js';
import { Daily } from './screens/daily.js';
import { Funnel } from './screens/funnel.js';
import { Losses } from './screens/losses.js';
import { Forecast } from './screens/forecast.js';
import { Hygiene } from './screens/hygiene.js';
import { Board } from './screens/board.js';
import { Deal } from './screens/deal.js';
import { MyDay } from './screens/myday.js';
import { Plans } from './screens/plans.js';
import { Settings } from './screens/settings.js';
import { DealsList, TasksList, ClientsList } from './screens/lists.js';
import { Client } from './screens/client.js';
import { Leaderboard, Competitions, TV } from './screens/rank.js';
import { Director } from './screens/director.js';
import { ActionPlans } from './screens/actionplans.js';
import { GlobalSearch, Bell } from './header.js';
import { Bonuses } from './screens/bonuses.js';
import { Manager } from './screens/manager.js';
import { Channels } from './screens/channels.js';
import { Meetings, MeetingRoom, Promises } from './screens/meetings.js';
import { ClientsAbc } from './screens/clients_abc.js';
import { Nps } from './screens/nps.js'; /* issue 12, item 2 */
import { KeyAccounts } from './screens/key_accounts.js';
import { Import } from './screens/import.js'; /* issue 13, item 1: the web import */
import { Reviews } from './screens/reviews.js'; /* issue 14, item 5: call reviews */
import { Attestations } from './screens/attestations.js'; /* issue 14, item 6 */
import { Idp } from './screens/idp.js'; /* issue 14, item 7: development plans */
import { Library, LibraryDocument } from './screens/library.js'; /* issue 14, item 3 */
import { Hiring } from './screens/hiring.js'; /* issue 14, item 1: hiring */
import { Trainings } from './screens/trainings.js'; /* issue 14, item 4: training */
import { Onboarding } from './screens/onboarding.js'; /* issue 14, item 2: onboarding */

const ALL = ['admin', 'head', 'manager', 'viewer'];
/* The screens: path, title key, the roles that see it in the sidebar, view,
 * and `access`: the roles that may open it at all (all when left out). A
 * role outside `access` gets a clear "no access" page, never a screen of
 * failing requests; the server stays the authority. */
const SCREENS = [
  { path: '/my-day', key: 'nav.myday', roles: ['manager'], view: MyDay, icon: '◷' },
  { path: '/plan-fact', key: 'nav.planfact', roles: ['admin', 'head', 'viewer'], view: PlanFact, icon: '▤' },
  { path: '/daily', key: 'nav.daily', roles: ['admin', 'head'], view: Daily, icon: '☰' },
  { path: '/funnel', key: 'nav.funnel', roles: ['admin', 'head', 'viewer'], view: Funnel, icon: '▽' },
  { path: '/losses', key: 'nav.losses', roles: ['admin', 'head', 'viewer'], view: Losses, icon: '✕' },
  { path: '/hygiene', key: 'nav.hygiene', roles: ['admin', 'head'], view: Hygiene, icon: '✓' },
  { path: '/board', key: 'nav.board', roles: ALL, view: Board, icon: '▦' },
  { path: '/deals/:id', key: 'nav.deal', roles: [], view: Deal },
  // the CRM's lists (issue 10, crm-web)
  { path: '/deals', key: 'nav.deals', roles: ALL, view: DealsList, icon: '≡' },
  { path: '/tasks', key: 'nav.tasks', roles: ALL, view: TasksList, icon: '☑' },
  { path: '/clients', key: 'nav.clients', roles: ALL, view: ClientsList, icon: '◉' },
  { path: '/clients/:id', key: 'nav.client', roles: [], view: Client },
  { path: '/plans', key: 'nav.plans', roles: ['admin', 'head'], view: Plans, icon: '◎' },
  // leaderboards and competitions (issue 11); /tv has no sidebar (App)
  { path: '/leaderboard', key: 'nav.leaderboard', roles: ALL, view: Leaderboard, icon: '★' },
  { path: '/competitions', key: 'nav.competitions', roles: ALL, view: Competitions, icon: '⚑' },
  { path: '/tv', key: 'nav.tv', roles: [], view: TV, bare: true },
  // issue 11: the head's rhythm (screens/actionplans.js, director.js)
  { path: '/action-plans', key: 'nav.actionplans', roles: ALL, view: ActionPlans, icon: '☷' },
  { path: '/director', key: 'nav.director', roles: ['admin', 'head', 'viewer'], access: ['admin', 'head', 'viewer'], view: Director, icon: '✉' },
  // issue 11: meetings with their protocol and promises
  { path: '/meetings', key: 'nav.meetings', roles: ['admin', 'head', 'viewer', 'manager'], view: Meetings, icon: '◴' },
  { path: '/meetings/:id', key: 'nav.meeting', roles: [], view: MeetingRoom },
  { path: '/promises', key: 'nav.promises', roles: ['admin', 'head', 'viewer', 'manager'], view: Promises, icon: '✎' },
  { path: '/settings', key: 'nav.settings', roles: ['admin', 'head'], access: ['admin', 'head'], view: Settings, icon: '⚙' },
  // issue 13, item 1: the import of a file with its check first (screens/import.js)
  { path: '/import', key: 'nav.import', roles: ['admin', 'head'], access: ['admin', 'head'], view: Import, icon: '⇪' },
  // motivation: bonuses and recognitions, the manager's card (issue 11, item 6)
  { path: '/bonuses', key: 'nav.bonuses', roles: ALL, view: Bonuses, icon: '✦' },
  { path: '/managers/:id', key: 'nav.manager', roles: [], view: Manager },
  // issue 12, item 5: the forecast (screens/forecast.js)
  { path: '/forecast', key: 'nav.forecast', roles: ALL, view: Forecast, icon: '⤴' },
  // issue 12, clients: ABC/XYZ, at risk, churn (a manager: their own clients)
  { path: '/clients-abc', key: 'nav.clientsabc', roles: ALL, view: ClientsAbc, icon: '▩' },
  // issue 12, item 2: NPS (a manager: their own clients' answers)
  { path: '/nps', key: 'nav.nps', roles: ALL, view: Nps, icon: '☺' },
  // issue 12, item 4: channel economics (screens/channels.js); not for a manager
  { path: '/channels', key: 'nav.channels', roles: ['admin', 'head', 'viewer'], access: ['admin', 'head', 'viewer'], view: Channels, icon: '⇶' },
  // issue 12, item 1: key accounts, their plan per month (a manager: their own)
  { path: '/key-accounts', key: 'nav.keyaccounts', roles: ALL, view: KeyAccounts, icon: '◆' },
  // issue 14, item 5: call and negotiation reviews (a manager: their own)
  { path: '/reviews', key: 'nav.reviews', roles: ALL, view: Reviews, icon: '☏' },
  // issue 14, item 6: attestation (a manager: the tests assigned to them, their own results)
  { path: '/attestations', key: 'nav.attestations', roles: ALL, view: Attestations, icon: '✍' },
  // issue 14, item 7: development plans, ИПР (a manager: «Мой ИПР»)
  { path: '/idp', key: 'nav.idp', roles: ALL, view: Idp, icon: '↗' },
  // issue 14, item 3: the scripts and standards library (screens/library.js)
  { path: '/library', key: 'nav.library', roles: ALL, view: Library, icon: '▥' },
  { path: '/library/:id', key: 'nav.library.doc', roles: [], view: LibraryDocument },
  // issue 14, item 1: hiring, the candidates' board (screens/hiring.js); the admin's and the head's
  { path: '/hiring', key: 'nav.hiring', roles: ['admin', 'head'], access: ['admin', 'head'], view: Hiring, icon: '☻' },
  // issue 14, item 4: training, the schedule by week and month (screens/trainings.js)
  { path: '/trainings', key: 'nav.trainings', roles: ALL, view: Trainings, icon: '❖' },
  // issue 14, item 2: onboarding (screens/onboarding.js); a manager: their own and their mentees'
  { path: '/onboarding', key: 'nav.onboarding', roles: ALL, view: Onboarding, icon: '⚐' },
];

/* The sidebar's sections: a title key and the paths in it, in order. A
 * screen in none of them comes last, under no title. The rows of SCREENS
 * stay as they are: the order of SCREENS decides a role's home screen. */
const GROUPS = [
  { key: 'nav.g.work', paths: ['/my-day', '/board', '/deals', '/tasks', '/clients'] },
  { key: 'nav.g.figures', paths: ['/plan-fact', '/funnel', '/losses', '/hygiene', '/forecast', '/clients-abc', '/key-accounts', '/nps', '/channels'] },
  { key: 'nav.g.rhythm', paths: ['/daily', '/meetings', '/promises', '/action-plans', '/plans', '/director'] },
  { key: 'nav.g.team', paths: ['/leaderboard', '/competitions', '/bonuses'] },
  { key: 'nav.g.people', paths: ['/hiring', '/onboarding', '/library', '/reviews', '/trainings', '/attestations', '/idp'] },
];

/* The sidebar's rows for a role: section titles and screens. */
function navRows(role) {
  const mine = SCREENS.filter((s) => s.roles.includes(role));
  const rows = [];
  const placed = new Set();
  for (const g of GROUPS) {
    const items = g.paths.map((p) => mine.find((s) => s.path === p)).filter(Boolean);
    if (!items.length) continue;
    rows.push({ head: g.key });
    for (const s of items) { rows.push(s); placed.add(s); }
  }
  const rest = mine.filter((s) => !placed.has(s));
  if (rest.length && rows.length) rows.push({ head: null });
  return rows.concat(rest);
}

function home(user) {
  const s = SCREENS.find((x) => x.roles.includes(user.role));
  return s ? s.path : '/board';
}

class Login extends Component {
  constructor(props) {
    super(props);
    this.state = { email: '', password: '', busy: false, error: null, field: null };
    this.refs = { email: createRef(), password: createRef() };
  }
  componentDidMount() { this.refs.email.current && this.refs.email.current.focus(); }
  fail(error, field) {
    this.setState({ busy: false, error, field });
    const el = field && this.refs[field] && this.refs[field].current;
    if (el) el.focus();
  }
  async submit(e) {
    e.preventDefault();
    const { email, password } = this.state;
    if (!email.trim()) return this.fail({ message: t('login.required') }, 'email');
    if (!password) return this.fail({ message: t('login.required') }, 'password');
    this.setState({ busy: true, error: null, field: null });
    try {
      const me = await api.post('/api/v1/session', { email: email.trim(), password });
      this.props.onLogin(me);
    } catch (err) {
      const msg = err.status === 401 ? t('login.bad') : err.status === 429 ? t('login.throttled') : err.message;
      this.fail({ ...err, message: msg, status: err.status === 401 ? null : err.status },
        err.field || (err.status === 401 ? 'password' : null));
    }
  }
  render(_, { email, password, busy, error, field }) {
    const inv = (f) => (field === f ? 'true' : undefined);
    return html`<div class="login-page">
      <form class="login-card" onSubmit=${(e) => this.submit(e)} novalidate>
        <div class="brand brand-big"><span class="brand-mark">▼</span> voronka</div>
        <h1>${t('login.title')}</h1>
        <label for="login-email">${t('login.email')}</label>
        <input id="login-email" name="email" type="email" autocomplete="username" ref=${this.refs.email}
          value=${email} aria-invalid=${inv('email')} aria-describedby=${field === 'email' ? 'login-error' : undefined}
          onInput=${(e) => this.setState({ email: e.target.value })} />
        <label for="login-password">${t('login.password')}</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password"
          ref=${this.refs.password} value=${password} aria-invalid=${inv('password')}
          aria-describedby=${field === 'password' ? 'login-error' : undefined}
          onInput=${(e) => this.setState({ password: e.target.value })} />
        <${FormError} err=${error && { message: error.message }} id="login-error" />
        <button class="btn btn-primary btn-block" type="submit" disabled=${busy}>
          ${busy ? t('login.busy') : t('login.submit')}</button>
        <button type="button" class="link-btn lang-switch" onClick=${() => setLang(getLang() === 'ru' ? 'en' : 'ru')}>
          ${t('lang.switch')}</button>
      </form></div>`;
  }
}

/* The navigation: a sidebar; on a phone a bar whose screens are behind the
   «Меню» button (closed again on every move to another screen). */
class Sidebar extends Component {
  constructor(p) { super(p); this.state = { open: false, libDue: 0 }; this.onLib = () => this.libDue(); }
  componentDidMount() { this.libDue(); window.addEventListener('vo:library', this.onLib); }
  componentWillUnmount() { window.removeEventListener('vo:library', this.onLib); }
  componentDidUpdate(prev) {
    if (prev.path !== this.props.path) {
      if (this.state.open) this.setState({ open: false });
      this.libDue();
    }
  }
  /* A manager's count of required documents not yet acknowledged: the
     badge on «Библиотека» (issue 14, item 3; library.js tells a change). */
  libDue() {
    if (this.props.user.role !== 'manager') return;
    api.get('/api/v1/documents', { unread: 1 }).then((r) => this.setState({ libDue: r.items.length }), () => {});
  }
  render({ user, path, onSignout }, { open, libDue }) {
    const rows = navRows(user.role);
    return html`<nav class=${`sidebar${open ? ' open' : ''}`} aria-label=${t('nav.menu')}>
    <div class="brand-row"><div class="brand"><span class="brand-mark">▼</span> voronka</div><${Bell} />
      <button type="button" class="menu-btn" id="menu-btn" aria-expanded=${open ? 'true' : 'false'} aria-controls="nav-list"
        onClick=${() => this.setState({ open: !open })}><span aria-hidden="true">☰</span> ${t('nav.menu')}</button></div>
    <${GlobalSearch} />
    <ul class="nav" id="nav-list">${rows.map((s) => (s.head !== undefined ? html`<li class="nav-head" aria-hidden=${s.head ? undefined : 'true'}>${s.head ? t(s.head) : ''}</li>` : html`<li>
      <a href=${s.path} class=${path === s.path || path.startsWith(`${s.path}/`) ? 'active' : ''}
        aria-current=${path === s.path || path.startsWith(`${s.path}/`) ? 'page' : undefined}>
        <span class="nav-icon" aria-hidden="true">${s.icon}</span>${t(s.key)}${s.path === '/library' && libDue
          ? html` <span class="badge badge-warn nav-badge" id="nav-lib-due" title=${t('lib.due', { n: libDue })}>${libDue}</span>` : null}</a></li>`))}</ul>
    <div class="sidebar-foot">
      <div class="me"><div class="me-name">${user.name || user.email}</div>
        <div class="me-role">${t(`role.${user.role}`)}</div></div>
      <button class="link-btn lang-switch" onClick=${() => setLang(getLang() === 'ru' ? 'en' : 'ru')}>${t('lang.switch')}</button>
      <button class="link-btn" onClick=${onSignout}>${t('signout')}</button>
    </div></nav>`;
  }
}

function NoAccess({ user, title }) {
  const back = SCREENS.find((s) => s.path === home(user));
  return html`<div class="page" id="no-access"><header class="page-head"><h1>${t('noaccess')}</h1></header>
    <p>${t('noaccess.text', { screen: title, role: t(`role.${user.role}`) })}</p>
    <p><a href=${home(user)}>→ ${t(back ? back.key : 'nav.board')}</a></p></div>`;
}

class App extends Component {
  constructor() {
    super();
    this.state = { user: undefined, error: null, path: currentPath() };
  }
  componentDidMount() {
    this.offRoute = onRoute(() => this.setState({ path: currentPath() }));
    this.offLang = onLang(() => this.forceUpdate());
    this.offAuth = onUnauthorized(() => this.setState({ user: null }));
    document.documentElement.lang = getLang();
    this.loadMe();
  }
  componentWillUnmount() { this.offRoute(); this.offLang(); this.offAuth(); }
  async loadMe() {
    try {
      const me = await api.get('/api/v1/session');
      this.signedIn(me, false);
    } catch (err) {
      if (err.status === 401) this.setState({ user: null });
      else this.setState({ error: err });
    }
  }
  signedIn(me, fresh) {
    setCsrf(me.csrf_token);
    // the org's currency for money (RUB until it is known)
    api.get('/api/v1/org').then((o) => { if (o && o.currency) { setCurrency(o.currency, o.currency_digits); this.forceUpdate(); } }, () => {});
    this.setState({ user: me, error: null });
    const p = currentPath();
    if (fresh || p === '/' || p === '/login') navigate(p === '/' || p === '/login' ? home(me) : p, true);
  }
  async signout() {
    try { await api.del('/api/v1/session'); } catch { /* gone already */ }
    setCsrf(null);
    this.setState({ user: null });
    navigate('/login', true);
  }
  render(_, { user, error, path }) {
    if (error) return html`<div class="page"><${ErrorBox} error=${error} onRetry=${() => this.loadMe()} /></div>`;
    if (user === undefined) return html`<${Spinner} />`;
    if (user === null) return html`<${Login} onLogin=${(me) => this.signedIn(me, true)} />`;
    let view = null;
    let params = {};
    let title = '';
    let denied = false;
    let bare = false;
    for (const s of SCREENS) {
      const m = match(s.path, path);
      if (m) { view = s.view; params = m; title = t(s.key); denied = s.access && !s.access.includes(user.role); bare = !!s.bare; break; }
    }
    if (denied) view = NoAccess;
    if (path === '/' || path === '/login') { view = null; }
    document.title = title ? `${title} · voronka` : 'voronka';
    const View = view;
    if (bare && View && !denied) return html`<${View} key=${path} user=${user} params=${params} title=${title} lang=${getLang()} />`;
    return html`<div class="shell">
      <${Sidebar} user=${user} path=${path} onSignout=${() => this.signout()} />
      <main class="main" id="main">
        ${View ? html`<${View} key=${path} user=${user} params=${params} title=${title} lang=${getLang()} />`
          : html`<div class="page"><h1>${t('notfound')}</h1><p><a href=${home(user)}>→ ${t(SCREENS.find((s) => s.path === home(user))?.key || 'nav.board')}</a></p></div>`}
      </main></div>`;
  }
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
