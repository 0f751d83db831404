// lists.test.mjs - the lists of deals, tasks and clients in a real browser,
// each compared with the API asked the same way: filters kept in the
// address (a reload shows the same list), sorting by a column, the next
// page on the API's cursor, a deal renamed on its card found in the list;
// a manager sees only their own rows and no owner filter; on a phone no
// list is wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, BASE, visit, noSideScroll } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

const rowIds = (page, list) => page.$$eval(`#${list} tbody tr`, (trs) => trs.map((tr) => Number(tr.dataset.id)));
const apiIds = async (page, path) => (await apiGet(page, path)).body.items.map((x) => x.id);
/* Waits until the list's rows are the API's answer to path. */
async function sameRows(page, list, path) {
  const want = await apiIds(page, path);
  await page.waitForFunction(([l, w]) => JSON.stringify([...document.querySelectorAll(`#${l} tbody tr`)].map((tr) => Number(tr.dataset.id))) === JSON.stringify(w)
    && !document.querySelector(`#${l} .reloading`), [list, want]);
  assert.deepEqual(await rowIds(page, list), want);
  return want;
}

test('head: the deals list filters by status and owner (kept in the address), sorts, pages like the API', async () => {
  const { page } = b;
  await signIn(page, 'head');
  await visit(page, '/deals', '#deals-list tbody tr');
  await sameRows(page, 'deals-list', '/api/v1/deals?sort=-created_at&limit=50');
  await page.selectOption('#deals-list select[name=status]', 'won');
  await page.waitForFunction(() => location.search.includes('status=won'));
  await sameRows(page, 'deals-list', '/api/v1/deals?status=won&sort=-created_at&limit=50');
  for (const s of await page.$$eval('#deals-list td[data-col=status]', (tds) => tds.map((x) => x.textContent.trim()))) assert.equal(s, 'Выиграна');
  // sort by amount, ascending then descending
  await page.click('#deals-list button[data-sort=amount]');
  await page.waitForFunction(() => location.search.includes('sort=amount'));
  await sameRows(page, 'deals-list', '/api/v1/deals?status=won&sort=amount&limit=50');
  await page.click('#deals-list button[data-sort=amount]');
  await page.waitForFunction(() => location.search.includes('sort=-amount'));
  // the CSV link is the same list, whole: its first rows are the page's
  const csvHref = await page.getAttribute('#deals-list .list-csv', 'href');
  const csv = await page.evaluate(async (u) => (await fetch(u)).text(), csvHref);
  const lines = csv.trim().split('\n');
  assert.ok(lines[0].startsWith('ID,Название,'), lines[0]);
  const firstPage = await apiIds(page, '/api/v1/deals?status=won&sort=-amount&limit=50');
  assert.deepEqual(lines.slice(1, 1 + firstPage.length).map((l) => Number(l.split(',')[0])), firstPage);
  assert.ok(lines.length - 1 >= firstPage.length);
  await sameRows(page, 'deals-list', '/api/v1/deals?status=won&sort=-amount&limit=50');
  // the next page is the API's next cursor; back is the first page again
  const first = await apiGet(page, '/api/v1/deals?status=won&sort=-amount&limit=50');
  assert.ok(first.body.next_cursor, 'more than one page of won deals');
  await page.click('#page-next');
  await sameRows(page, 'deals-list', `/api/v1/deals?status=won&sort=-amount&limit=50&cursor=${encodeURIComponent(first.body.next_cursor)}`);
  assert.equal(await page.textContent('#page-no'), 'Страница 2');
  await page.click('#page-prev');
  await sameRows(page, 'deals-list', '/api/v1/deals?status=won&sort=-amount&limit=50');
  // an owner: the filter survives a reload
  const owner = (await apiGet(page, '/api/v1/deals?status=won&limit=1')).body.items[0].owner_id;
  await page.selectOption('#deals-list select[name=owner_id]', String(owner));
  await page.waitForFunction((o) => location.search.includes(`owner_id=${o}`), owner);
  await page.reload();
  await page.waitForSelector('#deals-list tbody tr');
  assert.equal(await page.inputValue('#deals-list select[name=owner_id]'), String(owner));
  assert.equal(await page.inputValue('#deals-list select[name=status]'), 'won');
  await sameRows(page, 'deals-list', `/api/v1/deals?status=won&owner_id=${owner}&sort=-amount&limit=50`);
  await shot(page, '40-deals-list');
  assert.deepEqual(b.errors, []);
});

test('head: a deal renamed on its card is found in the list by its new title', async () => {
  const { page } = b;
  const deal = (await apiGet(page, '/api/v1/deals?status=open&limit=1&sort=-amount')).body.items[0];
  const title = `Сделка для списка ${Date.now()}`;
  await visit(page, `/deals/${deal.id}`, '#deal-edit-btn');
  await page.click('#deal-edit-btn');
  await page.fill('#deal-edit input[name=title]', title);
  await page.click('#deal-edit button.btn-primary');
  await page.waitForFunction((x) => document.querySelector('h1').textContent === x, title);
  await page.click('.crumbs a[href="/deals"]');
  await page.waitForSelector('#deals-list tbody tr');
  await page.fill('#deals-list input[name=q]', title);
  await page.press('#deals-list input[name=q]', 'Enter');
  await page.waitForFunction((x) => location.search.includes('q='), title);
  const ids = await sameRows(page, 'deals-list', `/api/v1/deals?q=${encodeURIComponent(title)}&sort=-created_at&limit=50`);
  assert.deepEqual(ids, [deal.id]);
  assert.equal(await page.textContent('#deals-list td[data-col=title]'), title);
});

test('head: tasks and clients lists are the API\'s', async () => {
  const { page } = b;
  await visit(page, '/tasks?status=open', '#tasks-list tbody tr');
  await sameRows(page, 'tasks-list', '/api/v1/tasks?status=open&sort=due_at&limit=50');
  await shot(page, '41-tasks-list');
  await visit(page, '/clients', '#clients-list tbody tr');
  await sameRows(page, 'clients-list', '/api/v1/clients?sort=name&limit=50');
  await page.fill('#clients-list input[name=q]', 'ООО');
  await page.press('#clients-list input[name=q]', 'Enter');
  await sameRows(page, 'clients-list', `/api/v1/clients?q=${encodeURIComponent('ООО')}&sort=name&limit=50`);
  await shot(page, '42-clients-list');
  assert.deepEqual(b.errors, []);
});

test('manager: only their own rows, no owner filter; on a phone the lists fit the screen', async () => {
  const { page } = b;
  await signOut(b);
  const who = await signIn(page, 'manager', 0);
  const me = (await apiGet(page, '/api/v1/session')).body;
  assert.equal(me.email, who.email);
  await visit(page, '/deals', '#deals-list tbody tr');
  assert.equal(await page.locator('#deals-list select[name=owner_id]').count(), 0);
  const ids = await sameRows(page, 'deals-list', '/api/v1/deals?sort=-created_at&limit=50');
  for (const id of ids.slice(0, 5)) assert.equal((await apiGet(page, `/api/v1/deals/${id}`)).body.owner_id, me.user_id);
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const [path, list] of [['/deals', 'deals-list'], ['/tasks', 'tasks-list'], ['/clients', 'clients-list']]) {
      await page.goto(`${BASE}${path}`);
      await page.waitForSelector(`#${list} tbody tr`);
      await noSideScroll(page, path);
      await shot(page, `43-phone${path.replace('/', '-')}`);
    }
  } finally {
    await page.setViewportSize({ width: 1360, height: 900 });
  }
  assert.deepEqual(b.errors, []);
});
