// idp.test.mjs - «ИПР» (issue 14, item 7) in a real browser: the head
// opens a manager's development plan with the form, adds a goal on calls
// and a goal on a funnel step picked by its two stages, an action and a
// check-in; each goal's current value on the card is the API's figure (the
// dataset's); the manager sees «Мой ИПР» and ticks the action; the
// manager's card shows the plan's section; at desktop size and at
// 390x844. Screenshots 250-256. A one-to-one meeting of the manager shows the plan
// and its check-in carries the meeting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, apiSend, shot, visit, noSideScroll, onPhone, LOGINS, MONTH } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

let managerId = 0;
let planId = 0;
const TITLE = `ИПР ${Math.floor(Math.random() * 1e6)}`;

test('head: a plan, a goal on calls, a funnel step goal, an action and a check-in', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const anna = users.find((u) => u.email === LOGINS.manager[0].email);
  managerId = anna.id;
  await visit(page, '/idp', '.page.idp');
  assert.equal(await page.textContent('h1'), 'ИПР');
  await page.click('#idp-new');
  await page.selectOption('#idp-user', String(managerId));
  await page.fill('#idp-title', TITLE);
  // the period from the demo's month: its figures are in it, whatever today is
  await page.fill('#idp-from', `${MONTH}-01`);
  await page.click('#idp-plan-save');
  await page.waitForSelector('#idp-card');
  const list = (await apiGet(page, `/api/v1/idp?user_id=${managerId}&status=active`)).body.items;
  assert.equal(list.length, 1);
  planId = list[0].id;
  assert.equal(list[0].title, TITLE);
  // a goal on calls
  await page.click('#idp-goal-new');
  await page.fill('#idp-goal-title', 'Больше звонков');
  await page.selectOption('#idp-goal-metric', 'calls');
  await page.fill('#idp-goal-target', '200');
  await page.selectOption('#idp-goal-window', 'plan');
  await page.click('#idp-goal-save');
  await page.waitForSelector('#idp-goals .idp-goal:has-text("Больше звонков")');
  // a funnel step: the pipeline's second and third stages
  const pipe = (await apiGet(page, '/api/v1/pipelines')).body.items[0];
  await page.click('#idp-goal-new');
  await page.fill('#idp-goal-title', 'Конверсия шага');
  await page.selectOption('#idp-goal-metric', 'funnel_step');
  await page.selectOption('#idp-goal-pipe', String(pipe.id));
  await page.selectOption('#idp-goal-from', String(pipe.stages[1].id));
  await page.selectOption('#idp-goal-to', String(pipe.stages[2].id));
  await page.fill('#idp-goal-target', '35');
  await page.selectOption('#idp-goal-window', 'days');
  await page.fill('#idp-goal-days', '90');
  await page.click('#idp-goal-save');
  await page.waitForSelector('#idp-goals .idp-goal:has-text("Конверсия шага")');
  const plan = (await apiGet(page, `/api/v1/idp/${planId}`)).body;
  const calls = plan.goals.find((g) => g.title === 'Больше звонков');
  const step = plan.goals.find((g) => g.title === 'Конверсия шага');
  assert.equal(step.metric, 'funnel_step');
  assert.equal(step.from_stage_id, pipe.stages[1].id);
  assert.equal(step.to_stage_id, pipe.stages[2].id);
  assert.equal(step.target, 35);
  assert.equal(calls.window, 'plan');
  assert.equal(calls.window_from, `${MONTH}-01`);
  assert.ok(calls.current > 0, 'the demo\'s calls since the start of its month');
  assert.equal(step.window, 'days');
  assert.equal(step.window_days, 90);
  // the card shows the API's current values
  const shown = async (id) => (await page.textContent(`#idp-goals .idp-goal[data-id="${id}"] .idp-current`)).replace(/\s/g, '');
  assert.equal(await shown(calls.id), String(calls.current));
  assert.equal(await shown(step.id), step.current == null ? '—' : `${String(step.current).replace('.', ',')}%`);
  // an action and a check-in
  const g = page.locator(`#idp-goals .idp-goal[data-id="${calls.id}"]`);
  await g.locator('.idp-action-text').fill('Прослушать 5 лучших звонков');
  await g.locator('.idp-action-add button').click();
  await page.waitForSelector(`#idp-goals .idp-goal[data-id="${calls.id}"] .idp-tick`);
  await page.fill('#idp-checkin-comment', 'Звонков мало, разобрали скрипт');
  await page.selectOption('#idp-checkin-goal', String(calls.id));
  await page.click('#idp-checkin-save');
  await page.waitForSelector('#idp-checkins li');
  await shot(page, '250-idp-head-card');
  await visit(page, '/idp', '#idp-plans');
  assert.ok(await page.$(`#idp-plans tr[data-id="${planId}"]`));
  await shot(page, '251-idp-head-list');
  await visit(page, `/idp?id=${planId}`, '#idp-card');
  await onPhone(page, async () => {
    await noSideScroll(page, 'idp, head, phone');
    await shot(page, '252-idp-head-phone', { fullPage: true });
  });
});

test('manager: «Мой ИПР», ticks the action', async () => {
  const { page } = b;
  assert.ok(planId, 'the head made the plan');
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, '/idp', '#idp-card');
  assert.equal(await page.textContent('h1'), 'Мой ИПР');
  assert.equal(await page.$('#idp-goal-new'), null, 'a manager adds no goal');
  assert.equal(await page.$('#idp-checkin-form'), null, 'nor a check-in');
  await page.click('#idp-goals .idp-tick');
  // the box ticks at once in the browser; the struck-through text comes with
  // the card's reload after the server has the tick
  await page.waitForSelector('#idp-goals .idp-actions .idp-done');
  assert.equal(await page.isChecked('#idp-goals .idp-tick'), true);
  const plan = (await apiGet(page, `/api/v1/idp/${planId}`)).body;
  const act = plan.goals.flatMap((x) => x.actions)[0];
  assert.equal(act.done, true);
  assert.equal(act.done_by_id, managerId);
  // a refused untick (the server's disk full): the message in Russian, and
  // the box back as the server has it, ticked
  const actions = '**/api/v1/idp/actions/*';
  await page.route(actions, (route) => route.fulfill({ status: 507, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'storage_full', message: 'disk full' } }) }));
  await page.click('#idp-goals .idp-tick');
  await page.waitForSelector('#idp-card .form-error:has-text("кончилось место")');
  await page.waitForSelector('#idp-goals .idp-actions .idp-done');
  assert.equal(await page.isChecked('#idp-goals .idp-tick'), true, 'the refused untick is not shown as done');
  await page.unroute(actions);
  const other = (await apiGet(page, '/api/v1/users')).body.items.find((u) => u.role === 'manager' && u.id !== managerId);
  if (other) assert.equal((await apiGet(page, `/api/v1/idp?user_id=${other.id}`)).status, 403);
  await shot(page, '253-idp-manager');
  await onPhone(page, async () => {
    await noSideScroll(page, 'idp, manager, phone');
    await shot(page, '254-idp-manager-phone', { fullPage: true });
  });
});

test('the manager card shows the plan; a one-to-one meeting shows it and writes its check-in', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  const m = await apiSend(page, 'POST', '/api/v1/meetings', { kind: 'one_to_one', scheduled_at: '2026-11-25T15:00', participants: [managerId] });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  await visit(page, `/meetings/${m.body.id}`, '#meeting-idp #idp-card');
  await page.fill('#meeting-idp #idp-checkin-comment', 'Обсудили на встрече один на один');
  await page.click('#meeting-idp #idp-checkin-save');
  await page.waitForSelector('#meeting-idp #idp-checkins li:has-text("Обсудили на встрече")');
  const plan = (await apiGet(page, `/api/v1/idp/${planId}`)).body;
  const c = plan.checkins.find((x) => x.comment === 'Обсудили на встрече один на один');
  assert.equal(c.meeting_id, m.body.id, 'the check-in is linked to the meeting');
  await page.locator('#meeting-idp').scrollIntoViewIfNeeded();
  await shot(page, '256-idp-one-to-one');
  await visit(page, `/managers/${managerId}`, '[data-section="mgr.idp"] .idp-card');
  assert.match(await page.textContent('[data-section="mgr.idp"]'), /Больше звонков/);
  await page.locator('[data-section="mgr.idp"]').scrollIntoViewIfNeeded();
  await shot(page, '255-idp-manager-card');
});
