// clients_abc_products.test.mjs - the tab «Товары» of «Клиенты: ABC/XYZ»
// (issue 12, item 1: the ABC of products) in a real browser on the demo
// company: the A/B/C summary and the table are the API's
// (?of=products), the Pareto chart is drawn, the tab survives a reload
// (?tab=products), a manager sees the figures of their own deals, and the
// page fits a 390 px phone without horizontal scroll. Screenshots 156-158.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, visit, noSideScroll, onPhone, digits, AS_OF } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

const rub = (minor) => String(Math.round(minor / 100));

async function shownClasses(page) {
  const out = {};
  for (const a of ['A', 'B', 'C']) {
    const cells = await page.$$eval(`#abcp-class-${a} td`, (tds) => tds.map((td) => td.textContent));
    out[a] = [digits(cells[0]), digits(cells[1])];
  }
  return out;
}

test('head: the tab «Товары»: classes, Pareto chart and table as the API says; fits a phone', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, `/clients-abc?as_of=${AS_OF}`, '#abc-matrix');
  assert.equal((await page.textContent('#abc-tab-products')).trim(), 'Товары');
  assert.equal((await page.textContent('#abc-tab-clients')).trim(), 'Клиенты');
  await page.click('#abc-tab-products');
  await page.waitForSelector('#abcp-table tbody tr');
  assert.match(page.url(), /tab=products/);
  const rep = (await apiGet(page, `/api/v1/reports/abc-xyz?as_of=${AS_OF}&of=products`)).body;
  assert.equal(rep.of, 'products');
  assert.ok(rep.products.length > 1, 'the demo sells several products');
  const want = {};
  for (const a of ['A', 'B', 'C']) want[a] = [String(rep.classes[a].products), rub(rep.classes[a].revenue)];
  assert.deepEqual(await shownClasses(page), want);
  const rows = await page.$$eval('#abcp-table tbody tr', (trs) => trs.map((tr) => [
    tr.querySelector('th').textContent.trim(), tr.children[4].textContent.trim(), tr.children[5].textContent.trim()]));
  assert.deepEqual(rows, rep.products.slice(0, 200).map((p) => [p.name, p.abc, String(p.deals_won)]));
  // the Pareto chart: an ECharts canvas in its card
  await page.waitForSelector('#abcp-pareto canvas');
  const box = await page.$eval('#abcp-pareto canvas', (c) => [c.clientWidth, c.clientHeight]);
  assert.ok(box[0] > 100 && box[1] > 100, JSON.stringify(box));
  assert.match(await page.textContent('#abcp-period'), /выручка выигранных сделок/);
  await shot(page, '156-clients-abc-products');

  // the export links follow the tab
  assert.match(await page.getAttribute('#abc-csv', 'href'), /of=products/);

  // a reload keeps the tab
  await visit(page, `/clients-abc?as_of=${AS_OF}&tab=products`, '#abcp-table tbody tr');
  assert.equal(await page.getAttribute('#abc-tab-products', 'aria-selected'), 'true');

  await onPhone(page, async () => {
    await visit(page, `/clients-abc?as_of=${AS_OF}&tab=products`, '#abcp-pareto canvas');
    await noSideScroll(page, 'clients-abc products at 390');
    await shot(page, '157-clients-abc-products-phone');
  });
  // back to the clients' tab
  await page.click('#abc-tab-clients');
  await page.waitForSelector('#abc-matrix');
});

test('manager: the products of their own deals', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, `/clients-abc?as_of=${AS_OF}&tab=products`, '#abcp-classes');
  const mine = (await apiGet(page, `/api/v1/reports/abc-xyz?as_of=${AS_OF}&of=products`)).body;
  await signOut(b);
  await signIn(page, 'head');
  const org = (await apiGet(page, `/api/v1/reports/abc-xyz?as_of=${AS_OF}&of=products`)).body;
  assert.ok(mine.total > 0, 'the manager has won deals');
  assert.ok(mine.total < org.total, `${mine.total} < ${org.total}`);
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, `/clients-abc?as_of=${AS_OF}&tab=products`, '#abcp-classes');
  const want = {};
  for (const a of ['A', 'B', 'C']) want[a] = [String(mine.classes[a].products), rub(mine.classes[a].revenue)];
  assert.deepEqual(await shownClasses(page), want);
  await shot(page, '158-clients-abc-products-manager');
});
