// deal_edit.test.mjs - the deal card's editing in a real browser, each
// outcome read back from the API: a head edits title, amount and owner; a
// change made meanwhile by someone else is a 409 shown as «Сделку изменил
// другой пользователь» and not overwritten; a win confirmed in the dialog
// is undone from the notice; a loss needs a reason (and a comment for
// «Другое») and the head reopens it; a note is added and edited; products
// move the amount. A manager has no owner picker and creates a client
// inline; on a phone the form and the dialog fit the screen; a viewer has
// no buttons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, apiSend, apiUntil, shot, LOGINS, visit, expectInvalid, noSideScroll } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

/* The deal once pred(deal) holds (the screen's request is async). */
const dealWhen = async (page, id, pred) => (await apiUntil(page, `/api/v1/deals/${id}`, (r) => pred(r.body))).body;

async function openDeals(page, n, extra = '') {
  const items = (await apiGet(page, `/api/v1/deals?status=open&limit=${n}&sort=-created_at${extra}`)).body.items;
  assert.equal(items.length, n, 'the demo has open deals');
  return items;
}

test('head: edit title, amount and owner; the API has them with the next version', async () => {
  const { page } = b;
  await signIn(page, 'head');
  const [deal] = await openDeals(page, 1);
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const newOwner = users.find((u) => u.email === LOGINS.manager[1].email && u.id !== deal.owner_id)
    || users.find((u) => u.email === LOGINS.manager[0].email);
  await visit(page, `/deals/${deal.id}`, '#deal-edit-btn');
  await page.click('#deal-edit-btn');
  await page.fill('#deal-edit input[name=title]', '');
  await page.click('#deal-edit button.btn-primary');
  await expectInvalid(page, '#deal-edit input[name=title]');
  await page.fill('#deal-edit input[name=title]', 'Поставка весов, изменено');
  await page.fill('#deal-edit input[name=amount]', '12 345,67');
  await page.selectOption('#deal-edit select[name=owner_id]', String(newOwner.id));
  await shot(page, '30-deal-edit');
  await page.click('#deal-edit button.btn-primary');
  await page.waitForSelector('#deal-fields');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Поставка весов, изменено');
  const d = (await apiGet(page, `/api/v1/deals/${deal.id}`)).body;
  assert.equal(d.title, 'Поставка весов, изменено');
  assert.equal(d.amount, 1234567);
  assert.equal(d.owner_id, newOwner.id);
  assert.equal(d.version, deal.version + 1);
  assert.match(await page.textContent('#deal-fields'), new RegExp(newOwner.name));
  // the change is in the timeline
  await page.waitForSelector('#timeline li[data-kind=changed]');
  assert.deepEqual(b.errors, []);
});

test('head: a change made meanwhile by someone else is a 409 notice with the current values, not overwritten', async () => {
  const { page } = b;
  const [, deal] = await openDeals(page, 2);
  const theirs = `Переименовал коллега ${Date.now()}`;
  const mine = `Моё название ${Date.now()}`;
  await visit(page, `/deals/${deal.id}`, '#deal-edit-btn');
  await page.click('#deal-edit-btn');
  // someone else renames it while the form is open
  const other = await apiSend(page, 'PATCH', `/api/v1/deals/${deal.id}`, { title: theirs }, { 'If-Match': `"${deal.version}"` });
  assert.equal(other.status, 200);
  await page.fill('#deal-edit input[name=title]', mine);
  await page.click('#deal-edit button.btn-primary');
  await page.waitForSelector('#deal-conflict');
  const text = await page.textContent('#deal-conflict');
  assert.match(text, /Сделку изменил другой пользователь/);
  assert.ok(text.includes(theirs), text);
  await shot(page, '31-deal-conflict');
  assert.equal((await apiGet(page, `/api/v1/deals/${deal.id}`)).body.title, theirs);
  await page.click('#conflict-reload');
  await page.waitForFunction((x) => !document.querySelector('#deal-conflict') && document.querySelector('h1').textContent === x, theirs);
  // the change again, on the current version, is saved
  await page.click('#deal-edit-btn');
  await page.fill('#deal-edit input[name=title]', mine);
  await page.click('#deal-edit button.btn-primary');
  assert.equal((await dealWhen(page, deal.id, (x) => x.title === mine)).title, mine);
  assert.deepEqual(b.errors, []);
});

test('head: win in the confirmation dialog, then undo from the notice; lose with «Другое» and a comment, then reopen', async () => {
  const { page } = b;
  const [, , deal] = await openDeals(page, 3);
  await visit(page, `/deals/${deal.id}`, '#deal-win');
  await page.click('#deal-win');
  await page.waitForSelector('#close-dialog');
  await page.fill('#close-dialog input[name=amount]', '5000');
  assert.match(await page.textContent('#close-amount'), /→\s*5\s000,00/);
  await shot(page, '32-deal-win-dialog');
  await page.click('#close-confirm');
  await page.waitForSelector('#deal-undo');
  let d = await dealWhen(page, deal.id, (x) => x.status === 'won');
  assert.equal(d.status, 'won');
  assert.equal(d.amount, 500000);
  assert.equal(await page.textContent('#deal-status'), 'Выиграна');
  await page.click('#undo-btn');
  d = await dealWhen(page, deal.id, (x) => x.status === 'open');
  assert.equal(d.status, 'open');
  assert.equal(d.amount, deal.amount);
  await page.waitForFunction(() => document.querySelector('#deal-status').textContent === 'В работе');
  assert.equal(await page.locator('#deal-undo').count(), 0);
  // lose: «Другое» without a comment is refused naming the comment
  await page.click('#deal-lose');
  await page.waitForSelector('#close-dialog select[name=reason_id]');
  const reasons = (await apiGet(page, '/api/v1/loss-reasons')).body.items;
  const other = reasons.find((r) => r.comment_required);
  await page.selectOption('#close-dialog select[name=reason_id]', String(other.id));
  await page.click('#close-confirm');
  await expectInvalid(page, '#close-dialog textarea[name=comment]');
  await page.fill('#close-dialog textarea[name=comment]', 'ушли к партнёру');
  await page.click('#close-confirm');
  await page.waitForSelector('#deal-undo');
  d = await dealWhen(page, deal.id, (x) => x.status === 'lost');
  assert.equal(d.loss_reason_id, other.id);
  assert.equal(d.loss_comment, 'ушли к партнёру');
  await page.click('#deal-reopen');
  d = await dealWhen(page, deal.id, (x) => x.status === 'open');
  assert.equal(d.status, 'open');
  assert.equal(d.loss_reason, null);
  assert.deepEqual(b.errors, []);
});

test('head: add a note and edit it; products move the amount', async () => {
  const { page } = b;
  const deals = await openDeals(page, 50);
  let deal = null;
  for (const x of deals) {
    const p = (await apiGet(page, `/api/v1/deals/${x.id}/products`)).body;
    if (!p.amount_manual && p.items.length === 0) { deal = x; break; }
  }
  assert.ok(deal, 'an open deal whose amount follows its products');
  await visit(page, `/deals/${deal.id}`, '#note-form');
  await page.fill('#note-form textarea', 'Позвонить в понедельник');
  await page.click('#note-form button.btn-primary');
  const note = page.locator('#timeline li[data-kind=note]', { hasText: 'Позвонить в понедельник' });
  await note.waitFor();
  await note.locator('.note-edit').click();
  await page.fill('#note-edit textarea', 'Позвонить во вторник');
  await page.click('#note-edit button.btn-primary');
  await page.locator('#timeline li[data-kind=note]', { hasText: 'Позвонить во вторник' }).waitFor();
  const tl = (await apiGet(page, `/api/v1/deals/${deal.id}/timeline`)).body.items.filter((x) => x.kind === 'note');
  assert.equal(tl[0].text, 'Позвонить во вторник');
  assert.ok(tl[0].edited_at);
  // products: two lines of 3 x 1000,00; the amount follows
  const products = (await apiGet(page, '/api/v1/products')).body.items;
  await page.click('#products-edit');
  await page.click('#product-add');
  await page.selectOption('#products-form [data-row="0"] select', String(products[0].id));
  await page.fill('#products-form [data-row="0"] input[name=quantity]', '3');
  await page.fill('#products-form [data-row="0"] input[name=price]', '1000');
  await page.click('#products-form button.btn-primary');
  await page.waitForSelector('#products-total');
  const d = await dealWhen(page, deal.id, (x) => x.amount === 300000);
  assert.equal(d.amount, 300000);
  const p = (await apiGet(page, `/api/v1/deals/${deal.id}/products`)).body;
  assert.deepEqual(p.items.map((x) => [x.product_id, x.quantity, x.price]), [[products[0].id, 3, 100000]]);
  assert.match(await page.textContent('#amount-mode'), /считается по товарам/);
  await shot(page, '33-deal-products');
  assert.deepEqual(b.errors, []);
});

test('manager: no owner picker; a client created inline is the deal\'s; on a phone the form and the dialog fit', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager', 0);
  const [deal] = await openDeals(page, 1);
  await visit(page, `/deals/${deal.id}`, '#deal-edit-btn');
  await page.click('#deal-edit-btn');
  assert.equal(await page.locator('#deal-edit select[name=owner_id]').count(), 0);
  const name = `ООО «Новый клиент ${Date.now()}»`;
  await page.fill('#deal-edit input[name=client]', name);
  await page.click('.picker-new');
  await page.waitForFunction(() => !document.querySelector('.picker-list'));
  await page.click('#deal-edit button.btn-primary');
  const d = await dealWhen(page, deal.id, (x) => x.client === name);
  assert.equal(d.client, name);
  const c = (await apiGet(page, `/api/v1/clients/${d.client_id}`)).body;
  assert.equal(c.name, name);
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await visit(page, `/deals/${deal.id}`, '#deal-edit-btn');
    await page.click('#deal-edit-btn');
    await noSideScroll(page, 'the deal edit form');
    await shot(page, '34-phone-deal-edit');
    await page.click('#deal-edit button[type=button]');
    await page.click('#deal-lose');
    await page.waitForSelector('#close-dialog');
    const box = await page.locator('#close-dialog').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, 'the dialog is on the screen');
    await noSideScroll(page, 'the lose dialog');
    await shot(page, '35-phone-deal-lose');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#close-dialog').count(), 0);
    assert.equal((await apiGet(page, `/api/v1/deals/${deal.id}`)).body.status, 'open');
  } finally {
    await page.setViewportSize({ width: 1360, height: 900 });
  }
  assert.deepEqual(b.errors, []);
});

test('viewer: the card has no edit, win, lose or note forms', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'viewer', 0);
  const [deal] = await openDeals(page, 1);
  await visit(page, `/deals/${deal.id}`, '#deal-fields');
  await page.waitForSelector('#deal-products');
  assert.equal(await page.locator('#deal-edit-btn, #deal-win, #deal-lose, #note-form, #products-edit').count(), 0);
});
