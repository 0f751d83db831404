// browser.mjs - what the browser tests share: Debian's chromium through
// playwright-core (never a downloaded browser) with a fresh profile, the
// demo's logins (VO_LOGINS from run.sh), the pinned date (VO_AS_OF from
// run.sh: the browsers' clock), signing in through the login form,
// the API seen from the page (its cookie), and screenshots that must not
// be blank.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';

export const BASE = process.env.VO_BASE;
export const SHOTS = process.env.VO_SHOTS || join(tmpdir(), 'voronka-screenshots');
if (!BASE) throw new Error('VO_BASE is not set: run tests/web/run.sh');

/* How dates are pinned: run.sh generates the company as of VO_AS_OF, and
   every browser opened here has its clock fixed at NOW, noon of that day in
   Moscow (the org's zone), so "this month" on every screen is the data's
   month whatever today is. A test names a period or a year from these,
   never from new Date() (which is the real date in node). Only the server
   keeps the real clock: compare a screen that asks the API without a date
   with the API asked without a date. */
export const AS_OF = process.env.VO_AS_OF;
if (!/^\d{4}-\d{2}-\d{2}$/.test(AS_OF || '')) throw new Error('VO_AS_OF is not set: run tests/web/run.sh');
export const NOW = new Date(`${AS_OF}T12:00:00+03:00`);
export const MONTH = AS_OF.slice(0, 7);
export const YEAR = Number(AS_OF.slice(0, 4));
/* The month k months after MONTH ("2026-11", 1 -> "2026-12"). */
export function monthAfter(k) {
  const d = new Date(Date.UTC(YEAR, Number(MONTH.slice(5)) - 1 + k, 1));
  return d.toISOString().slice(0, 7);
}

/* role -> [{email, password}] from "role email password" lines. */
export const LOGINS = {};
for (const line of (process.env.VO_LOGINS || '').split('\n')) {
  const [role, email, password] = line.trim().split(/\s+/);
  if (!role || !email) continue;
  (LOGINS[role] ||= []).push({ email, password });
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--lang=ru-RU'];

/* A browser with a fresh profile; close() removes the profile. Every page
   error and CSP violation is collected in .errors. */
export async function openBrowser() {
  const dir = mkdtempSync(join(tmpdir(), 'vo-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS,
    viewport: { width: 1360, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow',
  });
  await ctx.clock.setFixedTime(NOW);
  const errors = [];
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|SyntaxError|TypeError|ReferenceError/.test(m.text()))
      errors.push(`console: ${m.text()}`);
  });
  page.setDefaultTimeout(20000);
  return {
    ctx, page, errors,
    async close() { await ctx.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function signOut(b) {
  await b.ctx.clearCookies();
  await b.page.evaluate(() => localStorage.clear()).catch(() => {});
}

/* Signs in through the form as the first login of role; returns it. */
export async function signIn(page, role, which = 0) {
  const who = LOGINS[role] && LOGINS[role][which];
  if (!who) throw new Error(`no ${role} login #${which} in the demo's output`);
  return signInWith(page, who);
}

/* Signs in through the form of the server at base as who ({email, password}). */
export async function signInWith(page, who, base = BASE) {
  await page.goto(`${base}/login`);
  await page.waitForSelector('#login-email');
  await page.fill('#login-email', who.email);
  await page.fill('#login-password', who.password);
  await page.press('#login-password', 'Enter');
  await page.waitForSelector('nav.sidebar');
  return who;
}

/* GET path from the page (its session cookie): {status, body}. */
export async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(p, { credentials: 'same-origin' });
    let body = null;
    try { body = await r.json(); } catch { /* not JSON */ }
    return { status: r.status, body };
  }, path);
}

/* GET path from the page until pred({status, body}) holds (what a screen
   sent is stored a moment later), 5 s at most; the last answer. */
export async function apiUntil(page, path, pred) {
  let r;
  for (let i = 0; i < 50; i++) {
    r = await apiGet(page, path);
    if (pred(r)) return r;
    await page.waitForTimeout(100);
  }
  return r;
}

/* A write from the page (its cookie and CSRF token), headers extra:
   {status, body}. */
export async function apiSend(page, method, path, body, headers = {}) {
  return page.evaluate(async ([m, p, bd, h]) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch(p, { method: m, body: JSON.stringify(bd),
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token, ...h } });
    return { status: r.status, body: await r.json() };
  }, [method, path, body, headers]);
}

/* Saves a screenshot as SHOTS/name.png and fails when it is blank: the
   decoded image must have more than a handful of colors and no single
   color covering nearly all of it. */
export async function shot(page, name, opts = {}) {
  mkdirSync(SHOTS, { recursive: true });
  const buf = await page.screenshot({ fullPage: !!opts.fullPage });
  const path = join(SHOTS, `${name}.png`);
  writeFileSync(path, buf);
  const stats = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4 * 7) {
      const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    let top = 0, n = 0;
    for (const v of counts.values()) { n += v; if (v > top) top = v; }
    return { colors: counts.size, topShare: top / n };
  }, buf.toString('base64'));
  if (stats.colors < 16 || stats.topShare > 0.97)
    throw new Error(`screenshot ${path} is blank (${stats.colors} colors, top ${Math.round(stats.topShare * 100)}%)`);
  return path;
}

/* The page is no wider than the screen (no sideways scroll); what names it. */
export async function noSideScroll(page, what) {
  // A page resized under it (onPhone) lays out again, and its charts
  // resize on the next frames: wait up to 3 s for that, then measure.
  await page.waitForFunction(() => document.scrollingElement.scrollWidth <= document.documentElement.clientWidth,
    null, { timeout: 3000 }).catch(() => {});
  const w = await page.evaluate(() => [document.scrollingElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(w[0] <= w[1], `${what}: the page is ${w[0]}px wide on a ${w[1]}px screen`);
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1360, height: 900 };

/* Runs f() with page at the phone's size (390x844), the desktop's after. */
export async function onPhone(page, f) {
  await page.setViewportSize(PHONE);
  try { return await f(); } finally { await page.setViewportSize(DESKTOP); }
}

/* At the phone's size: no sideways scroll and the screens' links collapsed
   behind the «Меню» button (what names the screen). */
export async function phoneFits(page, what) {
  await noSideScroll(page, what);
  assert.ok(await page.isVisible('#menu-btn'), `${what}: the «Меню» button is shown`);
  assert.equal(await page.getAttribute('#menu-btn', 'aria-expanded'), 'false', `${what}: the menu is closed`);
  assert.equal(await page.isVisible('#nav-list'), false, `${what}: the screens' links are collapsed in the menu`);
}

/* A new org as `voronka init` leaves it, served by its own `voronka serve`
   (VO: the binary run.sh was given) on a free port, with a head and a
   manager added by `voronka user add`: {base, logins: {admin, head,
   manager}, stop()}. */
export async function freshOrg() {
  const vo = process.env.VO;
  if (!vo) throw new Error('VO is not set: run tests/web/run.sh');
  const dir = mkdtempSync(join(tmpdir(), 'vo-fresh-'));
  const db = join(dir, 'fresh.db');
  const run = (...a) => execFileSync(vo, [...a, '--db', db], { stdio: 'pipe', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  run('init', '--name', 'ООО «Новая»', '--admin', 'admin@new.test');
  const logins = { admin: { email: 'admin@new.test', password: 'Admin-pass-2026' },
    head: { email: 'head@new.test', password: 'Head-pass-2026' }, manager: { email: 'manager@new.test', password: 'Manager-pass-2026' } };
  run('user', 'passwd', 'admin@new.test', '--password', logins.admin.password);
  run('user', 'add', '--name', 'Ирина Руководитель', '--email', logins.head.email, '--role', 'head', '--password', logins.head.password);
  run('user', 'add', '--name', 'Пётр Менеджер', '--email', logins.manager.email, '--role', 'manager', '--password', logins.manager.password);
  const port = await new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
  const root = new URL('../../web', import.meta.url).pathname;
  const log = join(dir, 'serve.log');
  const out = openSync(log, 'w');
  const srv = spawn(vo, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', root, '--threads', '2', '--quiet', '--rate-limit', '0', '--webhooks-private'], { stdio: ['ignore', out, out] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base, logins,
    async stop() {
      const gone = new Promise((r) => srv.once('exit', r));
      srv.kill('SIGTERM');
      await gone;
      closeSync(out);
      // what the sanitizer builds' server said is a failure, as ctest's for the main one
      const said = readFileSync(log, 'utf8');
      rmSync(dir, { recursive: true, force: true });
      if (/ERROR: (Leak|Address)Sanitizer|runtime error:/.test(said)) throw new Error(`the new org's server: ${said.slice(0, 2000)}`);
    },
  };
}

/* Only the digits of a text ("2 761 300 ₽" -> "2761300"). */
export const digits = (s) => String(s).replace(/[^\d]/g, '');

// The field at selector is marked invalid (aria-invalid="true") and, when
// focused is given, the focused element is the field of that name.
export async function expectInvalid(page, selector, focused) {
  assert.equal(await page.getAttribute(selector, 'aria-invalid'), 'true', selector);
  if (focused !== undefined) assert.equal(await page.evaluate(() => document.activeElement.name), focused);
}

// The reverse funnel under root shows the API's needs rev.need (won,
// meetings, leads; an empty box where the API has none).
export async function expectNeeds(page, root, rev) {
  for (const k of ['won', 'meetings', 'leads']) {
    const v = await page.textContent(`${root} [data-need=${k}] .kpi-value`);
    assert.equal(digits(v), rev.need[k] == null ? '' : String(rev.need[k]), k);
  }
}

// Opens path of the app in page and waits for selector.
export async function visit(page, path, selector) {
  await page.goto(`${BASE}${path}`);
  await page.waitForSelector(selector);
}
