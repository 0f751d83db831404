// flows.test.mjs - the CRM flows of issue 10 that the other files leave
// out, as a manager and as a head, each outcome read back from the API:
// the org's custom fields of every type edited on a deal by a manager
// (shown in Russian forms), products moving the amount, a stale edit a
// 409 notice; a manager's win confirmed and undone, a loss without a
// reopen button that the head reopens; a manager's client card (the
// INN's Russian message, a contact, a note edited by its author and not
// by the head); the global search by a phone typed another way, by INN
// and by a contact's name; tasks created with a type and a repeat,
// rescheduled, completed with a comment (the next occurrence follows);
// the head's bell receiving a live event and marking all read; a new org
// after `voronka init` with helpful empty screens; and every screen of
// each role at the phone's size: no sideways scroll, the screens behind
// the «Меню» button. Screenshots 70- to 89-.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  openBrowser, signIn, signInWith, signOut, apiGet, apiSend, apiUntil, shot, visit, expectInvalid, onPhone, phoneFits, noSideScroll,
  freshOrg, BASE, LOGINS, AS_OF,
} from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

/* The deal once pred(deal) holds (the screen's request is async). */
const dealWhen = async (page, id, pred) => (await apiUntil(page, `/api/v1/deals/${id}`, (r) => pred(r.body))).body;
const as = async (role, which = 0) => { await signOut(b); return signIn(b.page, role, which); };

/* The signed-in user's open deals whose amount follows their (no) products. */
async function freeDeals(page, n) {
  const out = [];
  const deals = (await apiGet(page, '/api/v1/deals?status=open&limit=60&sort=-created_at')).body.items;
  for (const x of deals) {
    const p = (await apiGet(page, `/api/v1/deals/${x.id}/products`)).body;
    if (!p.amount_manual && p.items.length === 0) out.push(x);
    if (out.length === n) break;
  }
  assert.equal(out.length, n, 'open deals whose amount follows their products');
  return out;
}

/* A valid 10-digit INN (its check digit computed) from 9 digits. */
function inn10(nine) {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const s = [...nine].reduce((a, d, i) => a + Number(d) * w[i], 0);
  return nine + String((s % 11) % 10);
}

const CUSTOM = [
  { entity: 'deal', key: 'tender', label: 'Номер тендера', type: 'text' },
  { entity: 'deal', key: 'chance', label: 'Вероятность, %', type: 'number' },
  { entity: 'deal', key: 'delivery', label: 'Дата поставки', type: 'date' },
  { entity: 'deal', key: 'payment', label: 'Оплата', type: 'list', options: ['предоплата', 'отсрочка'] },
];

test('manager: a deal\'s custom fields of every type and its products; a stale edit is a 409 notice', async () => {
  const { page } = b;
  await signIn(page, 'head');
  for (const f of CUSTOM) assert.equal((await apiSend(page, 'POST', '/api/v1/custom-fields', f)).status, 201, f.key);
  await as('manager');
  const [deal, other] = await freeDeals(page, 2);
  await visit(page, `/deals/${deal.id}`, '#deal-edit-btn');
  await page.click('#deal-edit-btn');
  await page.fill('#deal-edit input[name="custom.tender"]', 'Т-2026/77');
  await page.fill('#deal-edit input[name="custom.chance"]', 'много');
  await page.fill('#deal-edit input[name="custom.delivery"]', '2026-12-15');
  await page.selectOption('#deal-edit select[name="custom.payment"]', 'отсрочка');
  await page.click('#deal-edit button.btn-primary');
  // a number that is not one is refused on the form, named by its label
  await expectInvalid(page, '#deal-edit input[name="custom.chance"]');
  assert.equal(await page.textContent('#deal-edit .form-error'), 'Вероятность, %: введите число');
  await page.fill('#deal-edit input[name="custom.chance"]', '75,5');
  await shot(page, '70-manager-deal-custom');
  await page.click('#deal-edit button.btn-primary');
  await page.waitForSelector('#deal-fields');
  const d = await dealWhen(page, deal.id, (x) => x.custom && x.custom.payment === 'отсрочка');
  assert.deepEqual(d.custom, { tender: 'Т-2026/77', chance: 75.5, delivery: '2026-12-15', payment: 'отсрочка' });
  assert.equal(d.version, deal.version + 1);
  // shown as a Russian reads them
  const shown = Object.fromEntries(await page.$$eval('#deal-fields > div', (ds) => ds.map((x) => [x.querySelector('dt').textContent, x.querySelector('dd').textContent])));
  assert.deepEqual([shown['Номер тендера'], shown['Вероятность, %'], shown['Дата поставки'], shown['Оплата']],
    ['Т-2026/77', '75,5', '15.12.2026', 'отсрочка']);
  // the timeline names each custom field's change by its label
  const changed = page.locator('#timeline li[data-kind=changed]', { hasText: 'Т-2026/77' });
  await changed.waitFor();
  assert.equal(await changed.locator('span:not(.badge):not(.tl-dot)').first().textContent(),
    'Номер тендера: — → Т-2026/77; Вероятность, %: — → 75,5; Дата поставки: — → 15.12.2026; Оплата: — → отсрочка');
  // two product lines: the amount is their sum (opened at once after the
  // edit: the products' version is the edited deal's, no false 409)
  const products = (await apiGet(page, '/api/v1/products')).body.items;
  assert.ok(products.length >= 2, 'the demo has two products');
  await page.click('#products-edit');
  await page.click('#product-add');
  await page.click('#product-add');
  await page.selectOption('#products-form [data-row="1"] select', String(products[1].id));
  for (const [row, q, price] of [[0, '2', '1 500'], [1, '1', '250,50']]) {
    await page.fill(`#products-form [data-row="${row}"] input[name=quantity]`, q);
    await page.fill(`#products-form [data-row="${row}"] input[name=price]`, price);
  }
  await page.click('#products-form button.btn-primary');
  await page.waitForSelector('#products-total, #products-form .form-error, #deal-conflict');
  assert.deepEqual(await page.$$eval('#products-form .form-error, #deal-conflict', (es) => es.map((e) => e.textContent)), []);
  assert.equal((await dealWhen(page, deal.id, (x) => x.amount === 325050)).amount, 325050);
  assert.match(await page.textContent('#amount-mode'), /считается по товарам/);
  // a stale edit: another tab of the same manager changed the deal meanwhile
  await visit(page, `/deals/${other.id}`, '#deal-edit-btn');
  await page.click('#deal-edit-btn');
  const theirs = (await apiSend(page, 'PATCH', `/api/v1/deals/${other.id}`, { custom: { tender: 'из другой вкладки' } }, { 'If-Match': `"${other.version}"` }));
  assert.equal(theirs.status, 200);
  await page.fill('#deal-edit input[name="custom.tender"]', 'моё');
  await page.click('#deal-edit button.btn-primary');
  await page.waitForSelector('#deal-conflict');
  assert.match(await page.textContent('#deal-conflict'), /Сделку изменил другой пользователь/);
  assert.equal((await apiGet(page, `/api/v1/deals/${other.id}`)).body.custom.tender, 'из другой вкладки');
  await onPhone(page, async () => {
    await phoneFits(page, 'the 409 notice');
    await shot(page, '71-phone-manager-deal-conflict');
  });
  assert.deepEqual(b.errors, []);
});

test('manager: a win confirmed then undone; a loss leaves no reopen button; the head reopens it', async () => {
  const { page } = b;
  const [deal] = await freeDeals(page, 1);
  await visit(page, `/deals/${deal.id}`, '#deal-win');
  await onPhone(page, async () => {
    await page.click('#deal-win');
    await page.waitForSelector('#close-dialog');
    await page.fill('#close-dialog input[name=amount]', '7 000');
    assert.match(await page.textContent('#close-amount'), /→\s*7\s000,00/);
    await phoneFits(page, 'the win dialog');
    await shot(page, '72-phone-manager-win');
    await page.click('#close-confirm');
    await page.waitForSelector('#deal-undo');
  });
  assert.equal((await dealWhen(page, deal.id, (x) => x.status === 'won')).amount, 700000);
  // no reopen for a manager, even on a won deal: the undo is the way back
  assert.equal(await page.locator('#deal-reopen').count(), 0);
  await page.click('#undo-btn');
  const back = await dealWhen(page, deal.id, (x) => x.status === 'open');
  assert.deepEqual([back.status, back.amount], ['open', deal.amount]);
  // lose with the first reason that needs no comment; the undo notice goes away on a reload
  const reasons = (await apiGet(page, '/api/v1/loss-reasons')).body.items;
  const reason = reasons.find((r) => !r.comment_required && r.active !== false);
  await page.waitForSelector('#deal-lose');
  await page.click('#deal-lose');
  await page.selectOption('#close-dialog select[name=reason_id]', String(reason.id));
  await page.click('#close-confirm');
  await page.waitForSelector('#deal-undo');
  const lost = await dealWhen(page, deal.id, (x) => x.status === 'lost');
  assert.equal(lost.loss_reason_id, reason.id);
  await page.reload();
  await page.waitForSelector('#deal-fields');
  assert.equal(await page.textContent('#deal-status'), 'Проиграна');
  assert.equal(await page.locator('#deal-reopen, #deal-win, #deal-lose, #deal-undo').count(), 0);
  assert.equal((await apiSend(page, 'POST', `/api/v1/deals/${deal.id}/reopen`, {})).status, 403);
  await shot(page, '73-manager-deal-lost');
  await as('head');
  await visit(page, `/deals/${deal.id}`, '#deal-reopen');
  await page.click('#deal-reopen');
  const open = await dealWhen(page, deal.id, (x) => x.status === 'open');
  assert.deepEqual([open.status, open.loss_reason_id ?? null], ['open', null]);
  await page.waitForFunction(() => document.querySelector('#deal-status').textContent === 'В работе');
  assert.deepEqual(b.errors, []);
});

test('manager: a client card: the INN\'s message in Russian, a contact, a note edited by its author only', async () => {
  const { page } = b;
  await as('manager');
  const me = (await apiGet(page, '/api/v1/session')).body;
  const client = (await apiGet(page, `/api/v1/clients?owner_id=${me.user_id}&limit=1&sort=name`)).body.items[0];
  assert.ok(client, 'the manager has a client');
  await visit(page, `/clients/${client.id}`, '#client-edit-btn');
  await page.click('#client-edit-btn');
  await page.fill('#client-edit input[name=inn]', '7707083894');
  await page.click('#client-edit button.btn-primary');
  await page.waitForSelector('#client-edit .form-error');
  assert.equal(await page.textContent('#client-edit .form-error'), 'ИНН: 7707083894 — неверный ИНН (не сходятся контрольные цифры)');
  await expectInvalid(page, '#client-edit input[name=inn]');
  await page.fill('#client-edit input[name=inn]', '77070838');
  await page.click('#client-edit button.btn-primary');
  await page.waitForFunction(() => /10 цифр/.test(document.querySelector('#client-edit .form-error')?.textContent || ''));
  assert.equal(await page.textContent('#client-edit .form-error'), 'ИНН — 10 цифр (организация) или 12 цифр (физическое лицо)');
  await page.click('#client-edit button[type=button]');
  // a contact
  await page.click('#contact-add');
  await page.fill('#contact-form input[name=name]', 'Зинаида Поставкина');
  await page.fill('#contact-form input[name=phones]', '8 (921) 555-01-02');
  await page.click('#contact-form button.btn-primary');
  await page.locator('#client-contacts li', { hasText: 'Зинаида Поставкина' }).waitFor();
  // a note, edited by its author
  await page.fill('#note-form textarea', 'Звонить после обеда\nтолько на мобильный');
  await page.click('#note-form button.btn-primary');
  const note = page.locator('#timeline li[data-kind=note]', { hasText: 'Звонить после обеда' });
  await note.waitFor();
  assert.equal(await note.locator('.note-text').evaluate((e) => e.innerText), 'Звонить после обеда\nтолько на мобильный');
  await note.locator('.note-edit').click();
  await page.fill('#note-edit textarea', 'Звонить до обеда');
  await page.click('#note-edit button.btn-primary');
  await page.locator('#timeline li[data-kind=note]', { hasText: 'Звонить до обеда' }).waitFor();
  const notes = (await apiGet(page, `/api/v1/clients/${client.id}/timeline`)).body.items.filter((x) => x.kind === 'note');
  assert.equal(notes[0].text, 'Звонить до обеда');
  assert.equal(notes[0].user_id, me.user_id);
  assert.ok(notes[0].edited_at);
  await onPhone(page, async () => {
    await phoneFits(page, 'the manager\'s client card');
    await shot(page, '74-phone-manager-client', { fullPage: true });
  });
  // the head may delete the manager's note but not edit it
  await as('head');
  await visit(page, `/clients/${client.id}`, '#timeline');
  const theirs = page.locator(`#timeline li[data-id="${notes[0].id}"]`);
  await theirs.waitFor();
  assert.equal(await theirs.locator('.note-edit').count(), 0);
  assert.equal(await theirs.locator('.note-del').count(), 1);
  assert.equal((await apiSend(page, 'PATCH', `/api/v1/notes/${notes[0].id}`, { text: 'чужая правка' })).status, 403);
  assert.deepEqual(b.errors, []);
});

/* Types q into the global search and waits for the item kind:id. */
async function searchFinds(page, q, kind, id) {
  await page.fill('#global-search', '');
  await page.fill('#global-search', q);
  const item = page.locator(`#search-results .gsearch-item[data-kind=${kind}][data-id="${id}"]`);
  await item.waitFor();
  return item;
}

test('search: a phone typed another way, an INN, a contact\'s name; a manager finds only their own', async () => {
  const { page } = b;
  // the head gives a manager's client a phone and an INN, and a contact
  const stamp = String(Date.now()).slice(-6);
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const mine = users.find((u) => u.email === LOGINS.manager[0].email);
  const theirs = users.find((u) => u.email === LOGINS.manager[1].email);
  const [client] = (await apiGet(page, `/api/v1/clients?owner_id=${mine.id}&limit=1&sort=-name`)).body.items;
  const [stranger] = (await apiGet(page, `/api/v1/clients?owner_id=${theirs.id}&limit=1&sort=-name`)).body.items;
  const inn = inn10(`77${stamp}3`);
  const other = inn10(`78${stamp}4`);
  assert.equal((await apiSend(page, 'PATCH', `/api/v1/clients/${client.id}`, { phone: `+7 (343) 2${stamp.slice(0, 2)}-${stamp.slice(2, 4)}-${stamp.slice(4)}`, inn })).status, 200);
  assert.equal((await apiSend(page, 'PATCH', `/api/v1/clients/${stranger.id}`, { inn: other })).status, 200);
  const contact = (await apiSend(page, 'POST', `/api/v1/clients/${client.id}/contacts`, { name: `Евлампия Счетоводова${stamp}`, role: 'бухгалтер' })).body;
  assert.ok(contact.id, JSON.stringify(contact));
  await visit(page, '/deals', '#global-search');
  // 8 343 2.. .. .. is the +7 (343) ... number
  let item = await searchFinds(page, `8343 2${stamp}`, 'client', client.id);
  assert.equal(await item.locator('span').first().textContent(), client.name);
  await searchFinds(page, inn, 'client', client.id);
  await searchFinds(page, other, 'client', stranger.id);
  await shot(page, '75-head-search-inn');
  item = await searchFinds(page, `Счетоводова${stamp}`, 'contact', contact.id);
  assert.match(await item.textContent(), new RegExp(`${client.name.replace(/[«»]/g, '.')}, бухгалтер`));
  await item.click();
  await page.waitForSelector(`.client-page[data-client="${client.id}"]`);
  // the manager: their client by phone and contact; another manager's INN finds nothing
  await as('manager');
  await onPhone(page, async () => {
    await visit(page, '/my-day', '#global-search');
    await searchFinds(page, `3432${stamp}`, 'client', client.id);
    await searchFinds(page, `евлампия`, 'contact', contact.id);
    await phoneFits(page, 'the search results');
    await shot(page, '76-phone-manager-search');
    // another manager's client is not found by its INN: the API's answer
    // has it not, and the screen shows that answer
    const want = (await apiGet(page, `/api/v1/search?q=${other}&limit=20`)).body.items.map((x) => `${x.kind}:${x.id}`);
    assert.ok(!want.includes(`client:${stranger.id}`), want.join());
    await page.fill('#global-search', other);
    await page.waitForFunction((w) => {
      const got = [...document.querySelectorAll('#search-results .gsearch-item')].map((e) => `${e.dataset.kind}:${e.dataset.id}`).sort();
      return JSON.stringify(got) === JSON.stringify(w) && (w.length || document.querySelector('#search-results .gsearch-none'));
    }, [...want].sort());
    if (!want.length) assert.equal(await page.textContent('#search-results .gsearch-none'), 'Ничего не найдено');
  });
  assert.deepEqual(b.errors, []);
});

/* The task of the deal card titled title, once shown. */
async function taskRow(page, title) {
  const li = page.locator('#deal-tasks li', { hasText: title });
  await li.first().waitFor();
  return li.first();
}

test('manager: a task with a type and a weekly repeat, rescheduled with a reason, completed with a comment; the next one follows', async () => {
  const { page } = b;
  const [deal] = await freeDeals(page, 1);
  await visit(page, `/deals/${deal.id}`, '#task-form');
  const title = `Созвон по КП ${Date.now()}`;
  // due on the Monday after AS_OF at 10:00, weekly
  const due = new Date(`${AS_OF}T12:00:00Z`);
  due.setUTCDate(due.getUTCDate() + ((8 - due.getUTCDay()) % 7 || 7));
  const day = due.toISOString().slice(0, 10);
  await page.fill('#task-form input[name=title]', title);
  await page.selectOption('#task-form select[name=type]', 'call');
  await page.fill('#task-form input[name=due_at]', `${day}T10:00`);
  await page.selectOption('#task-form select[name=repeat]', 'weekly');
  await page.click('#task-form button.btn-primary');
  let li = await taskRow(page, title);
  const id = Number(await li.getAttribute('data-task'));
  let task = (await apiGet(page, `/api/v1/tasks/${id}`)).body;
  assert.deepEqual([task.type, task.deal_id, task.due_at.slice(0, 16)], ['call', deal.id, `${day}T10:00`]);
  const rule = (await apiGet(page, `/api/v1/tasks/${id}/recurrence`)).body;
  assert.deepEqual([rule.rule, rule.weekdays, rule.active], ['weekly', [1], true]);
  assert.equal(await li.locator('.task-type').textContent(), 'Звонок');
  await li.locator('.task-recurs').waitFor();
  // rescheduled to Tuesday 11:30 with a reason
  const tue = new Date(due.getTime() + 86400000).toISOString().slice(0, 10);
  await li.locator('.task-reschedule-btn').click();
  await page.fill('#task-reschedule input[name=due_at]', `${tue}T11:30`);
  await page.fill('#task-reschedule input[name=reason]', 'Клиент в командировке');
  await page.click('#task-reschedule button.btn-primary');
  await page.waitForFunction((i) => /перенесена 1 раз/.test(document.querySelector(`#deal-tasks li[data-task="${i}"] .task-moved`)?.textContent || ''), id);
  task = (await apiGet(page, `/api/v1/tasks/${id}`)).body;
  assert.deepEqual([task.due_at.slice(0, 16), task.reschedules], [`${tue}T11:30`, 1]);
  const moves = (await apiGet(page, `/api/v1/tasks/${id}/reschedules`)).body.items;
  assert.deepEqual(moves.map((m) => [m.from.slice(0, 16), m.to.slice(0, 16), m.reason]), [[`${day}T10:00`, `${tue}T11:30`, 'Клиент в командировке']]);
  // completed with a comment: done, and the next Monday's occurrence appears
  li = await taskRow(page, title);
  await li.locator('.task-complete-btn').click();
  await page.fill('#task-complete textarea[name=comment]', 'Договорились о встрече\nв четверг');
  await shot(page, '77-manager-task-complete');
  await page.click('#task-complete button.btn-primary');
  await page.waitForSelector(`#deal-tasks li.done[data-task="${id}"] .task-comment`);
  task = (await apiGet(page, `/api/v1/tasks/${id}`)).body;
  assert.deepEqual([task.done, task.comment], [true, 'Договорились о встрече\nв четверг']);
  const tasks = (await apiGet(page, `/api/v1/tasks?deal_id=${deal.id}&status=open&limit=100`)).body.items.filter((x) => x.title === title);
  assert.equal(tasks.length, 1, 'the next occurrence');
  // the next Monday at the time of day of the one completed, after both it
  // and the completion (the server's clock: the real today)
  const n = tasks[0];
  const at = new Date(n.due_at);
  assert.deepEqual([n.due_at.slice(11, 16), new Date(`${n.due_at.slice(0, 10)}T12:00:00Z`).getUTCDay(), n.type, n.recurrence_id], ['11:30', 1, 'call', rule.id]);
  const after = Math.max(new Date(task.done_at).getTime(), new Date(`${tue}T11:30:00+03:00`).getTime());
  assert.ok(at.getTime() > after && at.getTime() <= after + 7 * 86400000, `${n.due_at}: the first Monday after ${task.done_at}`);
  await page.locator(`#deal-tasks li[data-task="${n.id}"]:not(.done)`).waitFor();
  assert.deepEqual(b.errors, []);
});

test('head: on a phone, a manager\'s task rescheduled without a reason and completed by its checkbox', async () => {
  const { page } = b;
  await as('head');
  const manager = (await apiGet(page, '/api/v1/users')).body.items.find((u) => u.email === LOGINS.manager[0].email);
  const [deal] = (await apiGet(page, `/api/v1/deals?owner_id=${manager.id}&status=open&limit=1&sort=-amount`)).body.items;
  const task = (await apiSend(page, 'POST', '/api/v1/tasks', { title: `Отправить договор ${Date.now()}`, due_at: `${AS_OF}T15:00`, deal_id: deal.id, assignee_id: manager.id, type: 'email' })).body;
  assert.ok(task.id, JSON.stringify(task));
  await onPhone(page, async () => {
    await visit(page, `/deals/${deal.id}`, `#deal-tasks li[data-task="${task.id}"]`);
    const li = page.locator(`#deal-tasks li[data-task="${task.id}"]`);
    assert.equal(await li.locator('.task-type').textContent(), 'Письмо');
    await li.locator('.task-reschedule-btn').click();
    // the reschedule form fits the phone
    await phoneFits(page, 'the reschedule form');
    await page.fill('#task-reschedule input[name=due_at]', `${AS_OF}T17:45`);
    await shot(page, '78-phone-head-task-reschedule');
    await page.click('#task-reschedule button.btn-primary');
    await page.waitForFunction((i) => !!document.querySelector(`#deal-tasks li[data-task="${i}"] .task-moved`), task.id);
    const moved = (await apiGet(page, `/api/v1/tasks/${task.id}`)).body;
    assert.deepEqual([moved.due_at.slice(0, 16), moved.reschedules, moved.assignee_id], [`${AS_OF}T17:45`, 1, manager.id]);
    assert.equal((await apiGet(page, `/api/v1/tasks/${task.id}/reschedules`)).body.items[0].reason ?? null, null);
    await li.locator('input[type=checkbox]').click();
    await page.waitForSelector(`#deal-tasks li.done[data-task="${task.id}"]`);
  });
  const done = (await apiGet(page, `/api/v1/tasks/${task.id}`)).body;
  assert.deepEqual([done.done, done.comment ?? null], [true, null]);
  assert.deepEqual(b.errors, []);
});

test('head: a deal the admin gives them arrives live in the bell; «Прочитать все» reads them all', async () => {
  const { page } = b;
  await visit(page, '/plan-fact', '#bell');
  const me = (await apiGet(page, '/api/v1/session')).body;
  const unread = (await apiGet(page, '/api/v1/notifications/unread')).body.unread;
  const a = await openBrowser();
  try {
    await signIn(a.page, 'admin');
    const [deal] = (await apiGet(a.page, '/api/v1/deals?status=open&limit=1&sort=amount')).body.items;
    assert.equal((await apiSend(a.page, 'PATCH', `/api/v1/deals/${deal.id}`, { owner_id: me.user_id })).status, 200);
    await page.waitForFunction((n) => Number(document.querySelector('#bell-count')?.textContent || 0) >= n, unread + 1);
    await onPhone(page, async () => {
      await page.click('#bell');
      await page.locator('#bell-panel li.unread', { hasText: deal.title }).first().waitFor();
      await phoneFits(page, 'the bell panel');
      await shot(page, '79-phone-head-bell');
      await page.click('#read-all');
      await page.waitForFunction(() => !document.querySelector('#bell-count') && !document.querySelector('#bell-panel li.unread'));
    });
    assert.equal((await apiGet(page, '/api/v1/notifications/unread')).body.unread, 0);
  } finally { await a.close(); }
  assert.deepEqual(b.errors, []);
});

/* Every screen of the menu of each role, and a card of each kind: at the
   phone's size none scrolls sideways and the menu is collapsed; «Меню»
   opens it and a link both opens the screen and closes it again. Roles
   without access see «Нет доступа», also on a phone. */
const PHONE_ROLES = ['manager', 'head', 'viewer'];
for (const role of PHONE_ROLES) {
  test(`on a phone (390x844), every screen of the ${role}: no sideways scroll, the menu collapsed`, async () => {
    const { page } = b;
    await as(role);
    const deal = (await apiGet(page, '/api/v1/deals?limit=1&status=open')).body.items[0];
    const client = (await apiGet(page, '/api/v1/clients?limit=1')).body.items[0];
    await onPhone(page, async () => {
      await visit(page, '/', 'main .page');
      const home = await page.evaluate(() => location.pathname);
      await page.click('#menu-btn');
      assert.equal(await page.getAttribute('#menu-btn', 'aria-expanded'), 'true');
      assert.ok(await page.isVisible('#nav-list'));
      await noSideScroll(page, `${role}: the open menu`);
      const links = await page.$$eval('#nav-list a', (as_) => as_.map((a) => a.getAttribute('href')));
      assert.ok(links.length >= 3 && links.includes(home), links.join());
      await shot(page, `80-phone-${role}-menu`);
      await page.click('#menu-btn');
      const others = links.filter((x) => x !== home);
      const denied = role === 'manager' || role === 'viewer' ? ['/settings'] : [];
      const paths = [home, ...others, `/deals/${deal.id}`, `/clients/${client.id}`, ...denied];
      for (const path of paths) {
        if (others.includes(path)) {
          // through the menu: open it, click the screen; it closes
          await page.click('#menu-btn');
          await page.click(`#nav-list a[href="${path}"]`);
          await page.waitForFunction((p) => location.pathname === p, path);
        } else if (path !== home) await page.goto(`${BASE}${path}`);
        await page.waitForSelector('main .page');
        await page.waitForFunction(() => !document.querySelector('.spinner, .state-loading'));
        await phoneFits(page, `${role} ${path}`);
        assert.equal(await page.locator('.state-error').count(), 0, `${role} ${path}: no error`);
        if (denied.includes(path)) assert.equal(await page.textContent('#no-access h1'), 'Нет доступа');
        await shot(page, `81-phone-${role}${path.replace(/[/?=&]+/g, '-')}`);
      }
    });
    assert.deepEqual(b.errors, []);
  });
}

test('a new org after `voronka init`: the board, funnel, plans and plan-fact show their empty states, no error', async () => {
  const org = await freshOrg();
  const n = await openBrowser();
  try {
    const { page } = n;
    await signInWith(page, org.logins.head, org.base);
    const checks = [['/board', '#board'], ['/funnel', '.page'], ['/plans', '.page'], ['/plan-fact', '.page']];
    for (const [path, sel] of checks) {
      await page.goto(`${org.base}${path}`);
      await page.waitForSelector(`main ${sel}`);
      await page.waitForFunction(() => !document.querySelector('.spinner, .state-loading'));
      await page.waitForTimeout(150);
      assert.deepEqual(await page.$$eval('.state-error', (es) => es.map((e) => e.textContent)), [], path);
      assert.doesNotMatch(await page.textContent('main'), /404|not found|Ресурс не найден|Страница не найдена/i, path);
      // what each says instead: the default pipeline's stages, empty, each
      // with «+ Сделка»; the funnel's empty cohort; the plan not set yet
      if (path === '/board') {
        const cols = await page.locator('#board .board-col').count();
        assert.ok(cols >= 3, 'the default pipeline\'s stages');
        assert.equal(await page.locator('#board .deal-card').count(), 0);
        assert.equal(await page.locator('#board .board-col', { hasText: '+ Сделка' }).count(), cols);
      }
      if (path === '/funnel') assert.match(await page.textContent('#funnel-empty'), /за этот период не создано ни одной сделки/);
      if (path === '/plans') assert.match(await page.textContent('main'), /План отдела: Выручка\s*не задан/);
      await shot(page, `85-new-org-head${path.replace('/', '-')}`);
    }
    await signOut(n);
    await signInWith(page, org.logins.manager, org.base);
    await onPhone(page, async () => {
      for (const path of ['/my-day', '/board']) {
        await page.goto(`${org.base}${path}`);
        await page.waitForSelector('main .page');
        await page.waitForFunction(() => !document.querySelector('.spinner, .state-loading'));
        await page.waitForTimeout(150);
        assert.equal(await page.locator('.state-error').count(), 0, path);
        await phoneFits(page, `new org, manager ${path}`);
        await shot(page, `86-new-org-phone-manager${path.replace('/', '-')}`);
      }
    });
    assert.deepEqual(n.errors, []);
  } finally {
    await n.close();
    await org.stop();
  }
});
