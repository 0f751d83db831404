// channels.test.mjs - «Каналы» (issue 12, item 4) in a real browser on the
// demo run.sh generates (as of VO_AS_OF): as the head, the table is the
// API's (GET /api/v1/reports/channels: every row's label, leads and
// revenue), the region switch follows the API, the dynamics table is the
// API's months (GET /api/v1/reports/channel-dynamics) and a spend cell
// typed into the grid is saved (PUT /api/v1/marketing-spend) and shows in
// the table's spend; it fits 390x844 without a sideways scroll. A viewer
// reads the grid without inputs; a manager gets the «no access» page.
// The lead plan-fact: a plan typed into a row is saved and the API's
// plan-fact shown. Screenshots 170-175.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, apiUntil, shot, visit, noSideScroll, onPhone, digits, MONTH } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

/* The table's rows: [label, leads digits, revenue digits]. */
async function tableRows(page) {
  return page.$$eval('#ch-table tbody tr', (trs) => trs.map((tr) => {
    const c = [...tr.children].map((x) => x.textContent.trim());
    return [c[0], c[1].replace(/[^\d]/g, ''), c[4].replace(/[^\d]/g, '')];
  }));
}
const apiRows = (rows) => rows.map((r) => [r.total ? 'Итого' : r.key ?? 'Не указан', String(r.leads), String(Math.round(r.revenue / 100))]);

test('head: the channels of the month are the API\'s; region; dynamics; a spend cell saved; fits a phone', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, `/channels?period=${MONTH}`, '#ch-table tbody tr');
  const rep = (await apiGet(page, `/api/v1/reports/channels?period=${MONTH}`)).body;
  assert.ok(rep.rows.length >= 3, JSON.stringify(rep));
  assert.ok(rep.rows.some((r) => !r.total && r.spend > 0), 'the demo has spend');
  assert.deepEqual(await tableRows(page), apiRows(rep.rows));
  await page.waitForSelector('#ch-dyn-table tbody tr');
  await shot(page, '170-channels-head', { fullPage: true });

  // by region: the API's rows
  await page.selectOption('#ch-by', 'region');
  await page.waitForFunction(() => /by=region/.test(location.search));
  const reg = (await apiGet(page, `/api/v1/reports/channels?period=${MONTH}&by=region`)).body;
  await page.waitForFunction((n) => document.querySelector('#ch-table th') && document.querySelector('#ch-table th').textContent === 'Регион'
    && document.querySelectorAll('#ch-table tbody tr').length === n, reg.rows.length);
  assert.deepEqual(await tableRows(page), apiRows(reg.rows));
  await shot(page, '171-channels-region');

  // dynamics of leads: the API's 12 months
  await page.selectOption('#ch-dyn-metric', 'leads');
  await page.waitForFunction(() => /metric=leads/.test(location.search));
  const [y, m] = MONTH.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const dyn = (await apiGet(page, `/api/v1/reports/channel-dynamics?metric=leads&as_of=${next}-01`)).body;
  assert.equal(dyn.months.length, 12);
  assert.equal(dyn.months[11].month, MONTH);
  await page.waitForFunction((v) => {
    const tr = document.querySelectorAll('#ch-dyn-table tbody tr');
    return tr.length === 12 && tr[11].children[1].textContent.replace(/[^\d]/g, '') === v;
  }, String(dyn.months[11].value));

  // a spend cell of the period's month: typed, saved, in the table
  await page.selectOption('#ch-by', 'channel');
  const channel = rep.rows.find((r) => !r.total && r.key).key;
  const cell = page.locator(`#ch-spend input[data-channel="${channel}"][data-month="${MONTH}"]`);
  await cell.fill('123 456,00');
  await cell.press('Enter');
  await cell.blur();
  await page.waitForSelector('#ch-spend-saved');
  const sp = (await apiGet(page, `/api/v1/marketing-spend?from=${MONTH}&to=${MONTH}`)).body;
  assert.equal(sp.rows.find((r) => r.channel === channel).amount, 12345600);
  await page.waitForFunction((c) => [...document.querySelectorAll('#ch-table tbody tr')]
    .some((tr) => tr.children[0].textContent.trim() === c && tr.children[5].textContent.replace(/[^\d]/g, '') === '123456'), channel);

  // a lead plan of the first channel: set in its row, the API's plan-fact shown
  const planCell = page.locator(`#ch-plans input.ch-plan-leads[data-channel="${channel}"]`);
  await planCell.fill('40');
  await planCell.press('Enter');
  await planCell.blur();
  const plans = (await apiUntil(page, `/api/v1/reports/channel-plans?period=${MONTH}`,
    (r) => r.body && r.body.rows.some((x) => x.channel === channel && x.plan === 40))).body;
  const row = plans.rows.find((x) => x.channel === channel);
  await page.waitForFunction(([c, n]) => [...document.querySelectorAll('#ch-plans tbody tr')]
    .some((tr) => tr.children[0].textContent.trim() === c && tr.children[2].textContent.replace(/[^\d]/g, '') === n), [channel, String(row.leads)]);
  await shot(page, '175-channels-plans', { fullPage: true });

  await onPhone(page, async () => {
    await visit(page, `/channels?period=${MONTH}`, '#ch-table tbody tr');
    await noSideScroll(page, 'channels at 390');
    await shot(page, '172-channels-phone');
  });
});

test('viewer reads the grid without inputs; a manager has no access', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'viewer');
  await visit(page, `/channels?period=${MONTH}`, '#ch-spend tbody tr');
  assert.equal(await page.locator('#ch-spend input').count(), 0, 'no inputs for a viewer');
  await shot(page, '173-channels-viewer');
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, '/channels', '#no-access');
  await shot(page, '174-channels-manager');
  const r = await apiGet(page, `/api/v1/reports/channels?period=${MONTH}`);
  assert.equal(r.status, 403);
});
