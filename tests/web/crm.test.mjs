// crm.test.mjs - the CRM screens in a real browser: drag a deal to the next
// stage on the board and find the move in the API; on the deal card log a
// call, add a task and complete it, each found in the API; a manager cannot
// open another manager's deal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, LOGINS, expectInvalid, visit, noSideScroll } from './browser.mjs';

let b;
before(async () => {
  b = await openBrowser();
  await signIn(b.page, 'head');
});
after(async () => { if (b) await b.close(); });

let movedId = null;

test('board: drag a deal to the next stage, the API has the move', async () => {
  const { page } = b;
  await visit(page, `/board`, '#board .deal-card');
  await shot(page, '06-board');
  const cols = page.locator('#board .board-col');
  const from = cols.nth(0);
  const to = cols.nth(1);
  const toStage = Number(await to.getAttribute('data-stage'));
  const card = from.locator('.deal-card').first();
  movedId = Number(await card.getAttribute('data-deal'));
  const before = await to.locator('.col-stats span').first().textContent();
  await card.dragTo(to);
  await page.waitForFunction(([id, stage]) =>
    !!document.querySelector(`.board-col[data-stage="${stage}"] .deal-card[data-deal="${id}"]`), [movedId, toStage]);
  // the API has it: the deal's stage and the last entry of its history
  let deal;
  for (let i = 0; i < 50; i++) {
    deal = (await apiGet(page, `/api/v1/deals/${movedId}`)).body;
    if (deal.stage_id === toStage) break;
    await page.waitForTimeout(100);
  }
  assert.equal(deal.stage_id, toStage);
  const hist = (await apiGet(page, `/api/v1/deals/${movedId}/history`)).body.items;
  assert.equal(hist[hist.length - 1].stage_id, toStage);
  assert.notEqual(await to.locator('.col-stats span').first().textContent(), before);
  assert.equal(await page.locator('.state-error').count(), 0);
  assert.deepEqual(b.errors, []);
});

test('deal card: log a call, add a task and complete it', async () => {
  assert.ok(movedId, 'the board test moved a deal (it failed before that)');
  const { page } = b;
  await visit(page, `/deals/${movedId}`, '#call-form');
  await page.fill('#call-form input[name=minutes]', '3,5');
  await page.press('#call-form input[name=minutes]', 'Enter');
  let calls = [];
  for (let i = 0; i < 50 && !calls.some((a) => a.duration_s === 210); i++) {
    await page.waitForTimeout(100);
    calls = (await apiGet(page, `/api/v1/activities?deal_id=${movedId}&type=call&limit=100`)).body.items;
  }
  assert.ok(calls.some((a) => a.duration_s === 210 && a.type === 'call'), 'the call of 3.5 minutes is in the API');
  // a task: empty title is refused naming the field, then added, then completed
  await page.click('#task-form button');
  await expectInvalid(page, '#task-form input[name=title]');
  const title = `Перезвонить ${Date.now()}`;
  await page.fill('#task-form input[name=title]', title);
  await page.click('#task-form button');
  const li = page.locator('#deal-tasks li', { hasText: title });
  await li.waitFor();
  const taskId = Number(await li.getAttribute('data-task'));
  await li.locator('input[type=checkbox]').click();
  await page.waitForSelector(`#deal-tasks li.done[data-task="${taskId}"]`);
  const task = (await apiGet(page, `/api/v1/tasks/${taskId}`)).body;
  assert.equal(task.done, true);
  assert.equal(task.deal_id, movedId);
  await shot(page, '07-deal');
  assert.deepEqual(b.errors, []);
});

test('a manager cannot open another manager\'s deal', async () => {
  assert.ok(LOGINS.manager && LOGINS.manager.length >= 2, 'the demo printed two managers or more');
  const { page } = b;
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const other = users.find((u) => u.email === LOGINS.manager[1].email);
  const deals = (await apiGet(page, `/api/v1/deals?owner_id=${other.id}&limit=5`)).body.items;
  assert.ok(deals.length > 0);
  const theirs = deals[0].id;
  await signOut(b);
  await signIn(page, 'manager', 0);
  const r = await apiGet(page, `/api/v1/deals/${theirs}`);
  assert.ok(r.status === 403 || r.status === 404, `the API answers ${r.status}`);
  await visit(page, `/deals/${theirs}`, '.state-error');
  assert.equal(await page.locator('.deal-page').count(), 0);
  await shot(page, '07-deal-forbidden');
});

test('roles in the screens: a manager opening /settings gets "no access"; a viewer reads a deal without forms', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager', 0);
  await visit(page, '/settings', '#no-access');
  assert.equal(await page.locator('#no-access h1').textContent(), 'Нет доступа');
  assert.match(await page.locator('#no-access').textContent(), /Раздел «Настройки» недоступен для роли «Менеджер»/);
  assert.equal(await page.locator('.settings-page, #users').count(), 0);
  await shot(page, '20-no-access');
  await signOut(b);
  await signIn(page, 'viewer', 0);
  const deal = (await apiGet(page, '/api/v1/deals?limit=1')).body.items[0];
  await visit(page, `/deals/${deal.id}`, '.deal-page');
  assert.equal(await page.locator('#pay-form, #task-form, #call-form, #meeting-form').count(), 0);
  for (const box of await page.locator('#deal-tasks input[type=checkbox]').all()) assert.ok(await box.isDisabled());
  await shot(page, '21-deal-viewer');
});

test('on a phone (390x844) a manager\'s day: no page wider than the screen, each task shows its deal\'s title, its client and due time', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager', 0);
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await visit(page, '/my-day', '.tasks li');
    await noSideScroll(page, 'my day');
    const rows = page.locator('.tasks li');
    const n = Math.min(await rows.count(), 5);
    assert.ok(n > 0);
    for (let i = 0; i < n; i++) {
      for (const part of await rows.nth(i).locator('.task-meta > *').all()) {
        const box = await part.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `task ${i}: ${await part.textContent()} is on the screen`);
      }
    }
    // the deal by its title and the client by its name, never «Сделка #id»
    let withDeal = 0;
    for (let i = 0; i < n; i++) {
      const task = (await apiGet(page, `/api/v1/tasks/${await rows.nth(i).getAttribute('data-task')}`)).body;
      if (!task.deal_id) continue;
      withDeal++;
      assert.ok(task.deal_title, `task ${task.id}: its deal ${task.deal_id} has a title`);
      const link = rows.nth(i).locator('a.task-deal');
      assert.equal(await link.getAttribute('href'), `/deals/${task.deal_id}`);
      assert.equal((await link.textContent()).trim(), task.deal_title);
      assert.doesNotMatch(await rows.nth(i).textContent(), /Сделка #/);
      if (task.client_name) assert.equal((await rows.nth(i).locator('.task-client').textContent()).trim(), task.client_name);
    }
    assert.ok(withDeal > 0, 'a task of a deal among the first rows');
    await shot(page, '22-phone-my-day');
    const deal = await rows.first().locator('a[href^="/deals/"]').getAttribute('href');
    await visit(page, deal, '.deal-page');
    await noSideScroll(page, 'the deal card');
    await shot(page, '23-phone-deal');
    await visit(page, '/board', '#board .deal-card');
    await noSideScroll(page, 'the board');
  } finally {
    await page.setViewportSize({ width: 1360, height: 900 });
  }
});

test('My day: a manager moves an overdue task to tomorrow with a reason and completes another with a comment, on the spot', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager', 0);
  await visit(page, '/my-day', '#myday-overdue li');
  const rows = page.locator('#myday-overdue li');
  assert.ok(await rows.count() >= 2, 'the demo manager has two overdue tasks');
  // rescheduled: it leaves the overdue list, the API has the new time and the reason
  const moved = Number(await rows.first().getAttribute('data-task'));
  const before = (await apiGet(page, `/api/v1/tasks/${moved}`)).body;
  const tomorrow = new Date(Date.now() + 86400000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await rows.first().locator('.task-reschedule-btn').click();
  await page.fill('#task-reschedule input[name=due_at]', `${day}T10:00`);
  await page.fill('#task-reschedule input[name=reason]', 'Клиент попросил перезвонить завтра');
  await page.click('#task-reschedule button.btn-primary');
  await page.waitForSelector(`#myday-overdue li[data-task="${moved}"]`, { state: 'detached' });
  const after = (await apiGet(page, `/api/v1/tasks/${moved}`)).body;
  assert.equal(after.reschedules, before.reschedules + 1);
  const moves = (await apiGet(page, `/api/v1/tasks/${moved}/reschedules`)).body.items;
  assert.equal(moves[moves.length - 1].reason, 'Клиент попросил перезвонить завтра');
  // completed with a comment: gone from My day, done with its comment
  const li = page.locator('#myday-overdue li').first();
  const done = Number(await li.getAttribute('data-task'));
  await li.locator('.task-complete-btn').click();
  await page.fill('#task-complete textarea[name=comment]', 'Выставили счёт');
  await shot(page, '24-my-day-complete');
  await page.click('#task-complete button.btn-primary');
  await page.waitForSelector(`#myday-overdue li[data-task="${done}"]`, { state: 'detached' });
  const task = (await apiGet(page, `/api/v1/tasks/${done}`)).body;
  assert.deepEqual([task.done, task.comment], [true, 'Выставили счёт']);
  assert.deepEqual(b.errors, []);
});
