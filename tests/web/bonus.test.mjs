// bonus.test.mjs - «Мотивация» and the manager's card in a real browser
// (issue 11, item 6; docs/bonuses.md): the head writes a bonus scheme with
// the form, sees each manager's payout (the API's figure) and opens its
// breakdown line by line; on the manager's card the head gives a badge;
// the manager sees only their own payout, and on their card the bonus of
// the month and the badge; both screens fit 390x844. The payout's figures
// are the server's (test_bonus, tests/cli/bonus.sh check them by hand);
// here the screen must show exactly what the API answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, visit, noSideScroll, onPhone, digits, LOGINS, MONTH } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

const SCHEME = 'Мотивация-тест';
let managerId = 0;

test('head: writes a scheme, sees payouts and a breakdown, gives a badge', async () => {
  const { page } = b;
  await signIn(page, 'head');
  const email = LOGINS.manager[0].email;
  await visit(page, `/bonuses?period=${MONTH}`, '#bonus-form');
  await page.fill('#bonus-name', SCHEME);
  await page.fill('#bonus-from', MONTH);
  await page.fill('#bonus-base', '30000');
  await page.fill('#bonus-rate', '5');
  await page.fill('#bonus-kpi-bonus', '5000');
  await page.check(`#bonus-users input[value="${email}"]`);
  await page.click('#bonus-save');
  await page.waitForSelector('#bonus-form-ok');
  const schemes = (await apiGet(page, '/api/v1/bonus-schemes')).body.items;
  const s = schemes.find((x) => x.name === SCHEME);
  assert.ok(s, JSON.stringify(schemes));
  assert.deepEqual(s.users.map((u) => u.email), [email]);
  const v = s.versions[0];
  assert.deepEqual([v.from_month, v.base, v.commission.metric, v.commission.rate, v.tiers.length, v.kpi[0].bonus],
    [MONTH, 30000, 'payments', 0.05, 3, 5000]);

  // the payouts: the manager's row shows the API's payout; its lines open
  const rep = (await apiGet(page, `/api/v1/reports/bonus?period=${MONTH}&lang=ru`)).body;
  const mine = rep.rows.find((r) => r.email === email);
  assert.ok(mine, JSON.stringify(rep));
  managerId = mine.user_id;
  const row = `#bonus-rows tr.bonus-row[data-email="${email}"]`;
  await page.waitForSelector(row);
  assert.equal(digits(await page.textContent(`${row} .bonus-payout`)), String(mine.payout));
  await page.click(`${row} .bonus-toggle`);
  await page.waitForSelector('#bonus-rows .bonus-lines .bonus-line');
  const lines = await page.$$eval('#bonus-rows .bonus-lines .bonus-line span', (els) => els.map((e) => e.textContent));
  assert.deepEqual(lines, mine.lines.map((l) => l.label));
  assert.equal(lines[0], 'Оклад');
  assert.equal(await page.getAttribute(`${row} .bonus-toggle`, 'aria-expanded'), 'true');
  // the lines add up to the payout
  assert.equal(mine.lines.reduce((x, l) => x + l.amount, 0), mine.payout);
  assert.ok(await page.isVisible('#bonus-xlsx') && await page.isVisible('#bonus-csv'));
  await shot(page, '110-bonuses-head', { fullPage: true });

  // the card: give a badge
  await visit(page, `/managers/${managerId}`, '#mgr-give');
  await page.selectOption('#mgr-badge', 'hard_deal');
  await page.fill('#mgr-comment', 'Сделка с заводом');
  await page.click('#mgr-give-btn');
  await page.waitForSelector('#mgr-recognitions li[data-badge="hard_deal"]');
  assert.match(await page.textContent('#mgr-recognitions li[data-badge="hard_deal"]'), /Закрыл сложную сделку.*Сделка с заводом/s);
  const recs = (await apiGet(page, `/api/v1/recognitions?user_id=${managerId}`)).body.items;
  assert.equal(recs[0].badge, 'hard_deal');
  assert.equal(recs[0].comment, 'Сделка с заводом');
  await shot(page, '111-manager-card-head', { fullPage: true });

  // the weekly meeting's tab shows the week's recognitions: the week of the
  // day it was given (the server's clock: created_at), reviewed a week later
  const given = recs[0].created_at.slice(0, 10);
  const later = new Date(`${given}T12:00:00Z`);
  later.setUTCDate(later.getUTCDate() + 7);
  const day = later.toISOString().slice(0, 10);
  const week = (await apiGet(page, `/api/v1/reports/weekly?date=${day}`)).body;
  assert.ok(week.recognitions.some((g) => g.badge === 'hard_deal' && g.user_id === managerId), JSON.stringify(week.recognitions));
  await visit(page, `/daily?kind=weekly&date=${day}`, '#week-recognitions');
  assert.match(await page.textContent('#week-recognitions'), /Закрыл сложную сделку/);
  await shot(page, '115-weekly-recognitions');
  await signOut(b);
});

test('manager: own payout only, the bonus and the badge on the card, 390x844', async () => {
  const { page } = b;
  assert.ok(managerId > 0, 'the head\'s test ran first');
  await signIn(page, 'manager');
  await visit(page, `/bonuses?period=${MONTH}`, '#bonus-rows');
  const emails = await page.$$eval('#bonus-rows tr.bonus-row', (els) => els.map((e) => e.dataset.email));
  assert.deepEqual(emails, [LOGINS.manager[0].email]);
  assert.equal(await page.$('#bonus-form'), null, 'no scheme form for a manager');
  assert.equal(await page.$('#bonus-schemes'), null, 'no schemes for a manager');
  const rep = (await apiGet(page, `/api/v1/reports/bonus?period=${MONTH}`)).body;
  assert.equal(rep.rows.length, 1);

  await visit(page, `/managers/${managerId}`, '#mgr-bonus');
  assert.equal(digits(await page.textContent('#mgr-bonus')), String(rep.rows[0].payout));
  // the card's plan-fact is the manager's own row (not the department's)
  const pf = (await apiGet(page, `/api/v1/reports/plan-fact?period=${MONTH}&scope=user:${encodeURIComponent(LOGINS.manager[0].email)}`)).body;
  const own = pf.rows.find((r) => r.email === LOGINS.manager[0].email);
  await page.waitForSelector('#mgr-pf tr[data-metric="calls"]');
  assert.equal(digits(await page.textContent('#mgr-pf tr[data-metric="calls"] td:nth-child(3)')), String(own.metrics.calls.fact));
  await page.waitForSelector('#mgr-recognitions li[data-badge="hard_deal"]');
  assert.equal(await page.$('#mgr-give'), null, 'a manager gives no badges');
  await shot(page, '112-manager-card-manager', { fullPage: true });

  // My day: the compact line, its breakdown on a click
  await visit(page, '/my-day', '#my-bonus-btn');
  assert.equal(digits(await page.textContent('#my-bonus-btn')), String(rep.rows[0].payout));
  await page.click('#my-bonus-btn');
  await page.waitForSelector('#my-bonus .bonus-line');
  assert.equal(await page.$$eval('#my-bonus .bonus-line', (e) => e.length), rep.rows[0].lines.length);
  await shot(page, '116-myday-bonus');

  await onPhone(page, async () => {
    await visit(page, `/managers/${managerId}`, '#mgr-bonus');
    await noSideScroll(page, 'the manager card at 390x844');
    await shot(page, '113-manager-card-phone');
    await visit(page, `/bonuses?period=${MONTH}`, '#bonus-rows');
    await page.click('#bonus-rows .bonus-toggle');
    await page.waitForSelector('#bonus-rows .bonus-line');
    await noSideScroll(page, 'Мотивация at 390x844');
    await shot(page, '114-bonuses-phone');
  });
  await signOut(b);
});
