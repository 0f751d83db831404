// saved_filters.test.mjs - a user's saved filters above the lists in a real
// browser (docs/web-crm.md, "Lists"), as a manager on a desktop and as the
// head on a phone (390x844): the current filters and sort saved under a
// name as the list's default, the chip that applies them in a click (the
// rows are the API's answer to the saved query), the list opened without
// a query opening on the default, a rename, the default mark taken off and
// put back, and the delete (the bare list is everything again); each user
// sees only their own filters, and each list only its kind's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, BASE, visit, noSideScroll } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

const rowIds = (page) => page.$$eval('#deals-list tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.id)));
/* Waits until the deals list shows the API's answer to path. */
async function sameRows(page, path) {
  const want = (await apiGet(page, path)).body.items.map((x) => x.id);
  await page.waitForFunction((w) => JSON.stringify([...document.querySelectorAll('#deals-list tbody tr')].map((tr) => Number(tr.dataset.id))) === JSON.stringify(w)
    && !document.querySelector('#deals-list .reloading'), want);
  assert.deepEqual(await rowIds(page), want);
}
const mine = async (page, kind) => (await apiGet(page, `/api/v1/saved-filters?kind=${kind}`)).body.items;
const chip = (page, name) => page.locator('#saved-filters .sf-chip', { hasText: name });

/* The whole round as role on a screen of width x height; the id of the
   filter it leaves saved (not the default) for the check of who sees it. */
async function round(role, width, height, tag) {
  const { page } = b;
  await signOut(b);
  await signIn(page, role, 0);
  await page.setViewportSize({ width, height });
  try {
    for (const x of await mine(page, 'deals')) assert.fail(`${role} starts with no saved filter, has ${x.name}`);
    await visit(page, '/deals', '#deals-list tbody tr');
    await page.waitForSelector('#saved-filters #sf-none');
    // won deals by amount, saved as the default
    await page.selectOption('#deals-list select[name=status]', 'won');
    await page.waitForFunction(() => location.search.includes('status=won'));
    await page.click('#deals-list button[data-sort=amount]');
    await page.waitForFunction(() => location.search.includes('sort=amount'));
    const name = `Выигранные по сумме ${tag}`;
    await page.click('#sf-save');
    await page.fill('#sf-form input[name=sf-name]', name);
    await page.check('#sf-form input[name=sf-default]');
    await page.click('#sf-form button[type=submit]');
    await chip(page, name).waitFor();
    assert.equal(await chip(page, name).getAttribute('aria-pressed'), 'true');
    assert.equal((await chip(page, name).textContent()).trim(), `★ ${name}`);
    let saved = await mine(page, 'deals');
    assert.deepEqual(saved.map((x) => [x.name, x.query, x.default]), [[name, 'sort=amount&status=won', true]]);
    if (width < 500) await noSideScroll(page, 'the deals list with its saved filters');
    await shot(page, `70-saved-filters-${tag}`);

    // everything again, then the chip applies the saved filter in a click
    await page.click('#list-reset');
    await page.waitForFunction(() => location.search === '');
    assert.equal(await chip(page, name).getAttribute('aria-pressed'), 'false');
    await chip(page, name).click();
    await page.waitForFunction(() => location.search.includes('status=won') && location.search.includes('sort=amount'));
    assert.equal(await page.inputValue('#deals-list select[name=status]'), 'won');
    await sameRows(page, '/api/v1/deals?status=won&sort=amount&limit=50');

    // the list opened without a query opens on the default
    await page.goto(`${BASE}/deals`);
    await page.waitForFunction(() => location.search.includes('status=won'));
    await sameRows(page, '/api/v1/deals?status=won&sort=amount&limit=50');
    assert.equal(await chip(page, name).getAttribute('aria-pressed'), 'true');

    // renamed; the default mark off (the bare list is everything) and on again
    const renamed = `${name} (2)`;
    await page.click('#sf-rename');
    await page.fill('#sf-form input[name=sf-name]', renamed);
    await page.click('#sf-form button[type=submit]');
    await chip(page, renamed).waitFor();
    await page.click('#sf-default');
    await page.waitForFunction(() => !document.querySelector('#saved-filters .sf-chip').textContent.includes('★'));
    saved = await mine(page, 'deals');
    assert.deepEqual(saved.map((x) => [x.name, x.default]), [[renamed, false]]);
    await page.goto(`${BASE}/deals`);
    await page.waitForSelector('#deals-list tbody tr');
    assert.equal(await page.evaluate(() => location.search), '');
    await sameRows(page, '/api/v1/deals?sort=-created_at&limit=50');
    await chip(page, renamed).click();
    await page.waitForFunction(() => location.search.includes('status=won'));
    await page.click('#sf-default');
    await page.waitForFunction(() => document.querySelector('#saved-filters .sf-chip').textContent.includes('★'));

    // the tasks list has its own filters: none of the deals'
    await visit(page, '/tasks', '#tasks-list');
    await page.waitForSelector('#saved-filters #sf-none');

    // deleted: gone from the chips and the API, and the bare list is everything
    await visit(page, '/deals', '#deals-list tbody tr');
    await page.waitForFunction(() => location.search.includes('status=won'));
    await page.click('#sf-delete');
    await page.waitForSelector('#saved-filters #sf-none');
    assert.deepEqual(await mine(page, 'deals'), []);
    await page.goto(`${BASE}/deals`);
    await page.waitForSelector('#deals-list tbody tr');
    assert.equal(await page.evaluate(() => location.search), '');

    // one left saved (open deals), for the other user's check
    await page.selectOption('#deals-list select[name=status]', 'open');
    await page.waitForFunction(() => location.search.includes('status=open'));
    await page.click('#sf-save');
    await page.fill('#sf-form input[name=sf-name]', `Открытые ${tag}`);
    await page.click('#sf-form button[type=submit]');
    await chip(page, `Открытые ${tag}`).waitFor();
    assert.deepEqual(b.errors, []);
    return (await mine(page, 'deals'))[0].id;
  } finally {
    await page.setViewportSize({ width: 1360, height: 900 });
  }
}

let managers;
test('manager, desktop: save the filters as the default, apply, reopen, rename, delete', async () => {
  managers = await round('manager', 1360, 900, 'менеджер');
});

test('head, phone (390x844): the same, and nobody sees another user\'s filters', async () => {
  const heads = await round('head', 390, 844, 'руководитель');
  const { page } = b;
  // the head sees only their own, and the manager's is not found
  assert.deepEqual((await mine(page, 'deals')).map((x) => x.id), [heads]);
  assert.equal((await apiGet(page, `/api/v1/saved-filters/${managers}`)).status, 404);
  assert.equal(await page.locator('#saved-filters .sf-chip', { hasText: 'менеджер' }).count(), 0);
  await signOut(b);
  await signIn(page, 'manager', 0);
  assert.deepEqual((await mine(page, 'deals')).map((x) => x.id), [managers]);
  assert.equal((await apiGet(page, `/api/v1/saved-filters/${heads}`)).status, 404);
  // the others' lists are left as they were: no default
  await page.goto(`${BASE}/deals`);
  await page.waitForSelector('#deals-list tbody tr');
  assert.equal(await page.evaluate(() => location.search), '');
});
