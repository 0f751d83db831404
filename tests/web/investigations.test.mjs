// investigations.test.mjs - the «Разборы» of the daily and monthly tabs
// of «Планёрка» (issue 12, item 6) in a real browser: the list is the
// API's findings (the daily report's and the monthly review's
// `investigations`, the sentences in order), English with the switch (the
// API's sentence_en), a manager's finding links to their card and to the
// funnel of their deals (filtered by the user), and both tabs fit a
// 390x844 phone. Screenshots 190-199.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, visit, noSideScroll, onPhone, AS_OF, LOGINS } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

const items = (page) => page.$$eval('#investigations li > span:first-child', (xs) => xs.map((x) => x.textContent.trim()));

test('head: the daily tab\'s Разборы are the API\'s, in both languages; fit a phone', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  const rep = (await apiGet(page, `/api/v1/reports/daily?date=${AS_OF}`)).body;
  assert.ok(rep.investigations.length > 0, 'the demo has findings');
  await visit(page, `/daily?kind=daily&date=${AS_OF}`, '#investigations li');
  assert.deepEqual(await items(page), rep.investigations.map((f) => f.sentence));
  assert.match(await page.textContent('#investigations h2'), /Разборы/);
  await page.locator('#investigations').scrollIntoViewIfNeeded();
  await shot(page, '190-investigations-daily');

  await page.click('nav.sidebar .lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.deepEqual(await items(page), rep.investigations.map((f) => f.sentence_en));
  assert.match(await page.textContent('#investigations h2'), /Investigations/);
  await page.click('nav.sidebar .lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'ru');

  await onPhone(page, async () => {
    await visit(page, `/daily?kind=daily&date=${AS_OF}`, '#investigations li');
    await noSideScroll(page, 'daily investigations at 390');
    await page.locator('#investigations').scrollIntoViewIfNeeded();
    await shot(page, '191-investigations-daily-phone');
  });
});

test('head: the monthly tab\'s Разборы, a manager\'s links to the card and the funnel', async () => {
  const { page } = b;
  const rep = (await apiGet(page, `/api/v1/reports/monthly?date=${AS_OF}`)).body;
  await visit(page, `/daily?kind=monthly&date=${AS_OF}`, '#investigations');
  assert.deepEqual(await items(page), rep.investigations.map((f) => f.sentence));
  await page.locator('#investigations').scrollIntoViewIfNeeded();
  await shot(page, '192-investigations-monthly');
  await onPhone(page, async () => {
    await visit(page, `/daily?kind=monthly&date=${AS_OF}`, '#investigations');
    await noSideScroll(page, 'monthly investigations at 390');
    await shot(page, '193-investigations-monthly-phone');
  });

  // a manager's finding: the card and the funnel of their deals
  const daily = (await apiGet(page, `/api/v1/reports/daily?date=${AS_OF}`)).body;
  const k = daily.investigations.findIndex((f) => f.subject === 'user');
  assert.ok(k >= 0, 'a manager has a finding');
  const f = daily.investigations[k];
  await visit(page, `/daily?kind=daily&date=${AS_OF}`, '#investigations li');
  const li = page.locator('#investigations li').nth(k);
  assert.equal(await li.locator('a').first().getAttribute('href'), `/managers/${f.user_id}`);
  await li.locator('a').nth(1).click();
  await page.waitForSelector('#funnel-groups tbody tr');
  assert.equal(new URL(page.url()).searchParams.get('user'), f.email);
  const fu = (await apiGet(page, `/api/v1/reports/funnel?period=${daily.month.from.slice(0, 7)}&user=${encodeURIComponent(f.email)}`)).body;
  const size = await page.textContent('#funnel-groups tbody tr td.num');
  assert.equal(size.replace(/[^\d]/g, ''), String(fu.groups[0].size));
  assert.match(await page.textContent('.subtitle'), /Менеджер:/);
  await shot(page, '194-investigations-funnel-of-a-manager');
});

test('manager: the department\'s findings and their own only', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager');
  const rep = (await apiGet(page, `/api/v1/reports/daily?date=${AS_OF}`)).body;
  const mine = LOGINS.manager[0].email;
  assert.ok(rep.investigations.some((f) => f.subject === 'department'), 'the department\'s');
  for (const f of rep.investigations) if (f.subject === 'user') assert.equal(f.email, mine, f.sentence);
  await signOut(b);
});
