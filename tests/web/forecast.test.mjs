// forecast.test.mjs - «Прогноз» (issue 12, item 5) in a real browser: the
// head's screen shows the API's figures (P50, the range, the fact, the
// weighted pipeline, the backtest's error beside the forecast, the six
// backtest months, the stage probabilities, the rows by manager, the deals
// that make the month linking to their cards), the fan chart drawn, and
// fits a phone; a manager's screen holds only their own deals (the API as
// the manager). Screenshots 180-189.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, visit, noSideScroll, onPhone, digits, AS_OF, MONTH } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

const URL = `/api/v1/reports/forecast?period=${MONTH}&as_of=${AS_OF}&by=user&list=1`;
const rub = (minor) => String(Math.round(minor / 100)); // money(…, true): whole units
const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());

async function sameFigures(page, fc) {
  assert.equal(digits(await text(page, '#fc-p50')), rub(fc.p50));
  assert.equal(digits(await text(page, '#fc-p10')), rub(fc.p10));
  assert.equal(digits(await text(page, '#fc-p90')), rub(fc.p90));
  assert.equal(digits(await text(page, '#fc-fact')), rub(fc.fact));
  assert.equal(digits(await text(page, '#fc-weighted')), rub(fc.weighted_pipeline));
  assert.equal(digits(await text(page, '#fc-open')), String(fc.open_deals));
  const err = await text(page, '#fc-error');
  assert.match(err, /^ошибка прогноза на прошлых месяцах: /);
  if (fc.backtest.mape == null) assert.match(err, /—$/);
  else assert.equal(digits(err), String(Math.round(fc.backtest.mape * 1000)), err);
}

test('head: the forecast is the API\'s, with its backtest beside it; fits a phone', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, '/forecast', '#fc-deals tbody tr');
  const fc = (await apiGet(page, URL)).body;
  assert.ok(fc.open_deals > 0 && fc.p90 >= fc.p50 && fc.p50 >= fc.p10 && fc.p10 >= fc.fact, JSON.stringify(fc).slice(0, 400));
  await sameFigures(page, fc);
  assert.equal(await page.$$eval('#fc-backtest tbody tr', (r) => r.length), 6);
  const stages = await page.$$eval('#fc-stages tbody th', (r) => r.map((x) => x.textContent.trim()));
  assert.deepEqual(stages, Object.keys(fc.stage_probability));
  const users = await page.$$eval('#fc-users tbody th', (r) => r.map((x) => x.textContent.trim()));
  assert.deepEqual(users, fc.rows.map((r) => r.name));
  // the deals that make the month: the API's order, each a link to its card
  const links = await page.$$eval('#fc-deals tbody a', (r) => r.map((a) => a.getAttribute('href')));
  assert.deepEqual(links.slice(0, 10), fc.deals.slice(0, 10).map((d) => `/deals/${d.deal_id}`));
  assert.ok(await page.$('#fc-figures canvas'), 'the fan chart is drawn');
  await shot(page, '180-forecast-head');
  await page.click('#fc-deals tbody a');
  await page.waitForFunction((id) => location.pathname === `/deals/${id}`, fc.deals[0].deal_id);

  await onPhone(page, async () => {
    await visit(page, '/forecast', '#fc-deals tbody tr');
    await noSideScroll(page, 'forecast at 390');
    await shot(page, '181-forecast-phone');
  });
});

test('manager: only their own deals', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, '/forecast', '#fc-figures');
  const fc = (await apiGet(page, URL)).body;
  await sameFigures(page, fc);
  assert.ok(fc.rows.length <= 1, JSON.stringify(fc.rows));
  const me = (await apiGet(page, '/api/v1/session')).body;
  for (const d of fc.deals) assert.equal(d.owner_email, me.email || me.user?.email, JSON.stringify(d));
  await shot(page, '182-forecast-manager');
});
