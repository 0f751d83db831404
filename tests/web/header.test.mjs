// header.test.mjs - the header on every screen: the global search (typed,
// grouped by kind, arrows and Enter or a click open the card) and the
// notification centre (the unread count is the API's, a deal given to the
// manager by the head arrives live through /api/v1/events without a
// reload, opening it marks it read, the browser notification is shown once
// allowed by a click); desktop and phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, apiSend, shot, visit, LOGINS, noSideScroll } from './browser.mjs';

let b;
let h;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); if (h) await h.close(); });

test('head: the search finds a client by a word\'s start, grouped; Enter opens the first, a click a deal', async () => {
  const { page } = b;
  await signIn(page, 'head');
  const client = (await apiGet(page, '/api/v1/clients?limit=1&q=ООО')).body.items[0];
  const word = client.name.replace(/^ООО\s*«?/, '').slice(0, 5);
  const want = (await apiGet(page, `/api/v1/search?q=${encodeURIComponent(word)}&limit=20`)).body.items;
  assert.ok(want.length > 0);
  await page.fill('#global-search', word);
  await page.waitForSelector('#search-results .gsearch-item');
  const got = await page.$$eval('#search-results .gsearch-item', (els) => els.map((e) => [e.dataset.kind, Number(e.dataset.id)]));
  const order = ['deal', 'client', 'contact'];
  const grouped = order.flatMap((k) => want.filter((x) => x.kind === k).map((x) => [x.kind, x.id]));
  assert.deepEqual(got, grouped);
  await shot(page, '60-search');
  // arrows: down then up stays on the first; Enter opens it
  await page.press('#global-search', 'ArrowDown');
  await page.press('#global-search', 'ArrowUp');
  const [kind, id] = grouped[0];
  await page.press('#global-search', 'Enter');
  await page.waitForSelector(kind === 'deal' ? `.deal-page[data-deal="${id}"]` : `.client-page[data-client="${id}"]`);
  // a deal by its title, opened by a click
  const deal = (await apiGet(page, '/api/v1/deals?limit=1&status=open')).body.items[0];
  await page.fill('#global-search', deal.title);
  await page.locator(`#search-results .gsearch-item[data-kind=deal][data-id="${deal.id}"]`).click();
  await page.waitForSelector(`.deal-page[data-deal="${deal.id}"]`);
  assert.deepEqual(b.errors, []);
});

test('manager: a deal the head gives them arrives live in the bell; opening it marks it read; the browser notification shows', async () => {
  const { page } = b;
  await signOut(b);
  // the browser's Notification, recorded (allowed on the click)
  await page.addInitScript(() => {
    window.__shown = [];
    class N { constructor(title, o) { window.__shown.push(o.body); } static requestPermission() { N.permission = 'granted'; return Promise.resolve('granted'); } }
    N.permission = 'default';
    window.Notification = N;
  });
  await signIn(page, 'manager', 0);
  const me = (await apiGet(page, '/api/v1/session')).body;
  const unread = (await apiGet(page, '/api/v1/notifications/unread')).body.unread;
  await page.waitForFunction((n) => (document.querySelector('#bell-count')?.textContent || '0') === String(n > 99 ? '99+' : n), unread);
  await page.click('#bell');
  await page.click('#notify-allow');
  await page.waitForFunction(() => !document.querySelector('#notify-allow'));
  await page.click('#bell');
  // the head gives the manager a deal (another browser)
  h = await openBrowser();
  await signIn(h.page, 'head');
  const other = (await apiGet(h.page, '/api/v1/users')).body.items.find((u) => u.email === LOGINS.manager[1].email);
  const deal = (await apiGet(h.page, `/api/v1/deals?owner_id=${other.id}&status=open&limit=1`)).body.items[0];
  const r = await apiSend(h.page, 'PATCH', `/api/v1/deals/${deal.id}`, { owner_id: me.user_id });
  assert.equal(r.status, 200);
  // live: no reload, the count grows by one and the browser notification shows
  // (at least one more: the reminder thread may add a task's reminder meanwhile)
  await page.waitForFunction((n) => Number(document.querySelector('#bell-count')?.textContent || 0) >= n, unread + 1);
  await page.waitForFunction((title) => window.__shown.some((s) => s.includes(title)), deal.title);
  await page.click('#bell');
  const item = page.locator('#bell-panel li.unread', { hasText: deal.title }).first();
  await item.waitFor();
  await shot(page, '61-bell');
  const nid = Number(await item.getAttribute('data-id'));
  await item.locator('a').click();
  await page.waitForSelector(`.deal-page[data-deal="${deal.id}"]`);
  const list = (await apiGet(page, '/api/v1/notifications?limit=50')).body;
  assert.equal(list.items.find((x) => x.id === nid).read, true);
  assert.equal(list.unread, unread);
  await page.waitForFunction((n) => (document.querySelector('#bell-count')?.textContent || '0') === String(n), unread);
  assert.deepEqual(b.errors, []);
});

test('on a phone the search sits in the menu and opens a client; the bell panel fits the screen', async () => {
  const { page } = b;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await visit(page, '/clients', '#clients-list tbody tr');
    const client = (await apiGet(page, '/api/v1/clients?limit=1')).body.items[0];
    const box = await page.locator('#global-search').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390 && box.y < 200, 'the search is in the menu bar');
    await page.fill('#global-search', client.name);
    await page.locator(`#search-results .gsearch-item[data-kind=client][data-id="${client.id}"]`).waitFor();
    await noSideScroll(page, 'the search results');
    await shot(page, '62-phone-search');
    await page.locator(`#search-results .gsearch-item[data-kind=client][data-id="${client.id}"]`).click();
    await page.waitForSelector(`.client-page[data-client="${client.id}"]`);
    await page.click('#bell');
    const p = await page.locator('#bell-panel').boundingBox();
    assert.ok(p.x >= 0 && p.x + p.width <= 390, 'the bell panel is on the screen');
    await shot(page, '63-phone-bell');
  } finally {
    await page.setViewportSize({ width: 1360, height: 900 });
  }
  assert.deepEqual(b.errors, []);
});
