// dashboard.test.mjs - the head of sales' screens in a real browser: the
// login form names the wrong field, the plan-fact table shows exactly the
// API's figures, every report screen renders (a screenshot each, none
// blank, no script or CSP error), the language switch sticks, a manager
// gets a manager's menu and their own reverse funnel on My day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, digits, LOGINS, MONTH, monthAfter, expectInvalid, expectNeeds, visit } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

test('login: a wrong password is refused naming the field, nothing leaks', async () => {
  const { page } = b;
  await visit(page, `/`, '#login-email');
  assert.equal(await page.textContent('h1'), 'Вход в систему');
  // empty form: the email field is named and focused
  await page.click('button[type=submit]');
  await expectInvalid(page, '#login-email');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'login-email');
  await page.fill('#login-email', LOGINS.head[0].email);
  await page.fill('#login-password', 'not-the-password');
  await page.press('#login-password', 'Enter');
  await page.waitForSelector('#login-error');
  assert.match(await page.textContent('#login-error'), /Неверная почта или пароль/);
  await expectInvalid(page, '#login-password');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'login-password');
  await shot(page, '01-login');
  assert.deepEqual(b.errors, []);
});

test('plan-fact: the head sees the API\'s figures, per manager and for the department', async () => {
  const { page } = b;
  await signIn(page, 'head');
  await page.waitForURL(/\/plan-fact/);
  await page.waitForSelector('#pf-users tbody tr');
  const period = await page.inputValue('input[type=month]');
  const api = await apiGet(page, `/api/v1/reports/plan-fact?period=${period}&by=user`);
  assert.equal(api.status, 200);
  const rows = api.body.rows;
  // the manager table: revenue (the default metric) plan and fact, row by row
  for (const r of rows.slice(1)) {
    const tr = page.locator(`#pf-users tbody tr[data-email="${r.email}"]`);
    const cells = await tr.locator('td').allTextContents();
    const c = r.metrics.revenue;
    assert.equal(digits(cells[1]), c.fact == null ? '' : String(Math.round(c.fact / 100)), `${r.name} fact`);
    assert.equal(digits(cells[0]), c.plan == null ? '' : String(Math.round(c.plan / 100)), `${r.name} plan`);
  }
  const org = rows[0].metrics;
  const total = await page.locator('#pf-users tfoot tr td').allTextContents();
  assert.equal(digits(total[1]), String(Math.round(org.revenue.fact / 100)));
  // the department table: every count metric's fact and plan
  for (const k of ['leads', 'calls', 'meetings', 'deals_won']) {
    const cells = await page.locator(`#pf-org tr[data-metric="${k}"] td`).allTextContents();
    assert.equal(digits(cells[1]), String(org[k].fact), `${k} fact`);
    if (org[k].plan != null) assert.equal(digits(cells[0]), String(org[k].plan), `${k} plan`);
  }
  await page.waitForSelector('.chart canvas');
  await page.waitForTimeout(300);
  await shot(page, '02-plan-fact', { fullPage: true });
  assert.deepEqual(b.errors, []);
});

for (const [name, path, sel, route] of [
  ['03-daily', '/daily', '.daily-row', '/api/v1/reports/daily'],
  ['03-weekly', '/daily?kind=weekly', '.daily-row', '/api/v1/reports/weekly'],
  ['04-funnel', '/funnel', '#funnel-stages', '/api/v1/reports/funnel'],
  ['05-hygiene', '/hygiene', '#hyg-users', '/api/v1/reports/hygiene'],
  ['06-losses', '/losses', '#losses-reasons', '/api/v1/reports/losses'],
]) {
  test(`${path}: renders the report`, async () => {
    const { page } = b;
    // the screen's API answers (a renamed route fails here, not by a timeout)
    assert.equal((await apiGet(page, route)).status, 200, `GET ${route}`);
    await visit(page, `${path}`, sel);
    if (path === '/funnel') await page.waitForSelector('.chart canvas');
    await page.waitForTimeout(200);
    await shot(page, name, { fullPage: path !== '/hygiene' });
    assert.deepEqual(b.errors, []);
  });
}

test('losses: the reasons, managers and stages are the API\'s, and the sheet downloads', async () => {
  const { page } = b;
  const rep = (await apiGet(page, `/api/v1/reports/losses?period=${MONTH}`)).body;
  assert.ok(rep.total.count > 0, 'the demo month has lost deals');
  await visit(page, '/losses', '#losses-reasons');
  const rows = await page.locator('#losses-reasons tbody tr').count();
  assert.equal(rows, rep.reasons.length);
  const first = await page.locator('#losses-reasons tbody tr').first().locator('td').allTextContents();
  assert.equal(first[0].replace(/\D/g, ''), String(rep.reasons[0].count));
  assert.equal(await page.locator('#losses-users tbody tr').count(), rep.by_user.length);
  assert.equal(await page.locator('#losses-stages tbody tr').count(), rep.by_stage.length);
  // the XLSX link answers a workbook
  const href = await page.getAttribute('#losses-xlsx', 'href');
  const res = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
  }, href);
  assert.equal(res.status, 200);
  assert.equal(res.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.ok(res.size > 1000, `${res.size} bytes`);
  assert.deepEqual(b.errors, []);
});

test('funnel: an empty cohort shows its empty state with the period, in both languages', async () => {
  const { page } = b;
  // the company's data ends on AS_OF: no deal is created the month after
  const empty = monthAfter(1);
  const [y, m] = empty.split('-');
  const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
  const api = await apiGet(page, `/api/v1/reports/funnel?period=${empty}&by=user`);
  assert.equal(api.status, 200);
  assert.deepEqual(api.body.groups, []);
  assert.equal(api.body.from, `${empty}-01`);
  // by manager (no groups) and for the whole department (one group of 0)
  for (const by of ['user', '']) {
    await visit(page, `/funnel?period=${empty}&by=${by}`, '#funnel-empty');
    const text = await page.textContent('#funnel-empty');
    assert.match(text, /Нет данных/);
    assert.ok(text.includes(`01.${m}.${y} — ${last}.${m}.${y}`), text);
    assert.equal(await page.locator('#funnel-stages, #funnel-groups, .chart').count(), 0);
    assert.equal(await page.inputValue('input[type=month]'), empty);
  }
  // with a filter: the filter's own message and the filter named
  await visit(page, `/funnel?period=${empty}&by=user&channel=${encodeURIComponent('Сайт')}`, '#funnel-empty');
  const filtered = await page.textContent('#funnel-empty');
  assert.match(filtered, /Нет данных: с такими фильтрами/);
  assert.match(filtered, /Канал: Сайт/);
  await visit(page, `/funnel?period=${empty}&by=user`, '#funnel-empty');
  await shot(page, '04-funnel-empty');
  await page.click('nav.sidebar .lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const en = await page.textContent('#funnel-empty');
  assert.match(en, /No data/);
  assert.ok(en.includes(`01/${m}/${y} — ${last}/${m}/${y}`), en);
  await page.click('nav.sidebar .lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  // the month the app opens on (the pinned clock's) has the data
  await visit(page, `/funnel`, '#funnel-stages');
  assert.equal(await page.inputValue('input[type=month]'), MONTH);
  assert.equal(await page.locator('#funnel-empty').count(), 0);
  assert.deepEqual(b.errors, []);
});

test('plans: the head sets a manager\'s revenue target, the API has it', async () => {
  const { page } = b;
  await visit(page, `/plans`, '#plan-users');
  const period = await page.inputValue('input[type=month]');
  const email = LOGINS.manager[0].email;
  await page.selectOption('#plan-user-form select', `user:${email}`);
  await page.fill('#plan-user-form input[name=target]', '');
  await page.press('#plan-user-form input[name=target]', 'Enter');
  await expectInvalid(page, '#plan-user-form input[name=target]');
  await page.fill('#plan-user-form input[name=target]', '1 234 567');
  await page.press('#plan-user-form input[name=target]', 'Enter');
  let p;
  for (let i = 0; i < 50 && !p; i++) {
    await page.waitForTimeout(100);
    const items = (await apiGet(page, `/api/v1/plans?period=${period}`)).body.items;
    p = items.find((x) => x.metric === 'revenue' && x.scope_kind === 'user' && x.scope === `user:${email}` && x.target === 123456700);
  }
  assert.ok(p, 'the plan of 1 234 567 ₽ is in the API');
  await page.waitForFunction(() => /1\s234\s567/.test(document.querySelector('#plan-users').textContent));
  await shot(page, '09-plans');
  assert.deepEqual(b.errors, []);
});

test('the language switch: English, kept after a reload, and back', async () => {
  const { page } = b;
  await visit(page, `/plan-fact`, 'nav.sidebar');
  await page.click('nav.sidebar .lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.textContent('.page h1'), 'Plan vs fact');
  await page.reload();
  await page.waitForSelector('.page h1');
  assert.equal(await page.textContent('.page h1'), 'Plan vs fact');
  assert.match(await page.textContent('nav.sidebar'), /Daily meeting/);
  await shot(page, '02-plan-fact-en');
  await page.click('nav.sidebar .lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  assert.equal(await page.textContent('.page h1'), 'План-факт');
  assert.deepEqual(b.errors, []);
});

test('a manager gets a manager\'s menu, not the head\'s reports', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager');
  const menu = await page.locator('nav.sidebar .nav a').allTextContents();
  assert.ok(menu.some((x) => /Мой день/.test(x)), menu.join());
  assert.ok(!menu.some((x) => /Гигиена|Планёрка/.test(x)), menu.join());
  await page.waitForURL(/\/my-day/);
  // my month's plan-fact: the API's own figures for me
  await page.waitForSelector('#myday-pf');
  const me = (await apiGet(page, '/api/v1/reports/plan-fact?by=user')).body.rows
    .find((r) => r.email === LOGINS.manager[0].email);
  const cells = await page.locator('#myday-pf tbody tr').first().locator('td').allTextContents();
  assert.equal(digits(cells[1]), String(Math.round(me.metrics.revenue.fact / 100)));
  await shot(page, '08-my-day');
  assert.deepEqual(b.errors, []);
});

test('my day: the manager\'s own reverse funnel, the API\'s figures', async () => {
  const { page } = b;
  // still signed in as the manager (the test before)
  await visit(page, `/my-day`, '#myday-reverse');
  assert.equal(await page.locator('#myday-reverse select[name=user]').count(), 0);
  // empty: the field is named and focused
  await page.click('#myday-reverse button');
  await expectInvalid(page, '#myday-reverse input[name=revenue]', 'revenue');
  await page.fill('#myday-reverse input[name=revenue]', '900 000');
  await page.press('#myday-reverse input[name=revenue]', 'Enter');
  await page.waitForSelector('#myday-reverse #reverse-result');
  const rev = (await apiGet(page, `/api/v1/plans/reverse?revenue=90000000&period=${MONTH}`)).body;
  assert.equal(rev.user.id !== undefined, true);
  await expectNeeds(page, '#myday-reverse', rev);
  for (const k of ['won', 'meetings', 'leads'])
    if (rev.need[k] != null) assert.match(await page.textContent(`#myday-reverse [data-need=${k}] .kpi-sub`), /в рабочий день/);
  assert.equal(digits(await page.textContent('#myday-reverse .kpi .kpi-value')), String(Math.round(rev.avg_check / 100)));
  await page.locator('#myday-reverse').scrollIntoViewIfNeeded();
  await shot(page, '09-my-day-reverse');
  assert.deepEqual(b.errors, []);
});

test('on a phone: the menu is a bar at the top and the report starts on the first screen', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await visit(page, `/funnel`, '#funnel-stages');
    const bar = await page.locator('nav.sidebar').boundingBox();
    assert.ok(bar.height < 160, `the menu is ${bar.height}px high on a 844px screen`);
    const h1 = await page.locator('main h1, .page h1').first().boundingBox();
    assert.ok(h1.y < 300, `the screen's title starts at ${h1.y}px`);
    const filters = await page.locator('.filters').first().boundingBox();
    assert.ok(filters.y + 40 < 844, 'the filters are on the first screen');
    await shot(page, '10-phone-funnel');
  } finally {
    await page.setViewportSize({ width: 1360, height: 900 });
  }
  assert.deepEqual(b.errors, []);
});
