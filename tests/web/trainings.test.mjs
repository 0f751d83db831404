// trainings.test.mjs - «Обучение» (issue 14, item 4) in a real browser, in
// a new org of its own (freshOrg: its trainings, reviews and notifications
// stay out of the demo company): the head plans a training in the form
// (kind, topic, time, trainer, a library document, the manager), sees it
// in the week's grid at its org-zone day and in the month, marks the
// manager attended and the training held; «Сделать темой обучения» on the
// reviews' weakest point plans a review of negotiations for the manager
// below the team; the weekly meeting takes a training of its week in its
// block; the manager sees «Моё обучение» with only their own attendance,
// and the section «Обучение» of their card. Dates pinned (the week of
// Monday 30 November 2026, a month's turn). Screenshots 230-237.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signInWith, signOut, apiGet, apiSend, apiUntil, shot, noSideScroll, onPhone, freshOrg } from './browser.mjs';

let b;
let org;
before(async () => { org = await freshOrg(); b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
  if (org) await org.stop();
});

async function visit(page, path, selector) {
  await page.goto(`${org.base}${path}`);
  await page.waitForSelector(selector);
}

const WEEK = '/trainings?view=week&date=2026-11-30';
const TOPIC = 'Возражение «дорого»';
let managerId = 0;
let headId = 0;
let trainingId = 0;

test('head: plans a training in the form, marks it held, sees the week and the month', async () => {
  const { page } = b;
  await signInWith(page, org.logins.head, org.base);
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  managerId = users.find((u) => u.email === org.logins.manager.email).id;
  headId = users.find((u) => u.email === org.logins.head.email).id;
  const doc = await apiSend(page, 'POST', '/api/v1/documents', { kind: 'objections', title: 'Работа с возражениями', body: 'Дорого — по сравнению с чем?' });
  assert.equal(doc.status, 201, JSON.stringify(doc.body));
  await visit(page, WEEK, '#tr-cal');
  assert.equal(await page.textContent('h1'), 'Обучение');
  assert.equal(await page.locator('#tr-cal .tr-day').count(), 7);
  assert.equal(await page.getAttribute('#tr-cal .tr-day >> nth=0', 'data-day'), '2026-11-30');
  await page.click('#tr-new');
  await page.waitForSelector('#tr-form');
  await page.selectOption('#tr-kind', 'pair');
  await page.fill('#tr-topic', TOPIC);
  await page.fill('#tr-at', '2026-12-02T15:00');
  await page.fill('#tr-duration', '90');
  await page.selectOption('#tr-trainer', String(headId));
  await page.fill('#tr-place', 'Переговорная 2');
  await page.check(`#tr-materials input[value="${doc.body.id}"]`);
  await page.check(`#tr-attendees input[value="${managerId}"]`);
  await shot(page, '230-trainings-head-form');
  await page.click('#tr-save');
  await page.waitForSelector('#tr-card');
  const list = (await apiGet(page, '/api/v1/trainings?from=2026-11-30&to=2026-12-07')).body.items;
  assert.equal(list.length, 1);
  const tr = list[0];
  trainingId = tr.id;
  assert.equal(tr.topic, TOPIC);
  assert.equal(tr.starts_at, '2026-12-02T15:00:00+03:00');
  assert.equal(tr.duration_min, 90);
  assert.deepEqual(tr.materials.map((m) => m.document_id), [doc.body.id]);
  assert.deepEqual(tr.attendees.map((a) => [a.user_id, a.attendance]), [[managerId, 'invited']]);
  // in the grid on its day (the org's zone), and in the card its material
  assert.equal(await page.locator(`#tr-cal [data-day="2026-12-02"] .tr-chip[data-id="${trainingId}"]`).count(), 1);
  assert.match(await page.textContent('#tr-card-materials'), /Работа с возражениями/);
  // the manager attended, the training held
  await page.click(`#tr-people li[data-user="${managerId}"] [data-mark="attended"]`);
  await page.waitForSelector(`#tr-people li[data-user="${managerId}"] [data-mark="attended"][aria-checked="true"]`);
  await page.click('#tr-held');
  await page.waitForFunction(() => document.querySelector('#tr-status')?.textContent === 'Проведено');
  const after = (await apiGet(page, `/api/v1/trainings/${trainingId}`)).body;
  assert.equal(after.status, 'held');
  assert.equal(after.attendees[0].attendance, 'attended');
  await shot(page, '231-trainings-week-card');
  // the month of December: its grid from Monday 30 November, the training on the 2nd
  await page.click('.tabs [role=tab] >> nth=1');
  await page.waitForSelector('#tr-cal.tr-cal-month');
  assert.match(await page.textContent('#tr-period'), /декабрь 2026/i);
  assert.equal(await page.getAttribute('#tr-cal .tr-day >> nth=0', 'data-day'), '2026-11-30');
  assert.equal(await page.locator(`#tr-cal [data-day="2026-12-02"] .tr-chip[data-id="${trainingId}"]`).count(), 1);
  await shot(page, '232-trainings-month');
  await onPhone(page, async () => {
    await page.waitForSelector('#tr-list .tr-chip');
    await noSideScroll(page, 'trainings, head, phone');
    await shot(page, '233-trainings-head-phone', { fullPage: true });
  });
});

test('head: the reviews\' weakest point made a training topic in one click', async () => {
  const { page } = b;
  const cl = await apiSend(page, 'POST', '/api/v1/review-checklists', { name: 'Входящий звонок',
    items: [{ text: 'Приветствие' }, { text: 'Выявление потребности' }] });
  assert.equal(cl.status, 201, JSON.stringify(cl.body));
  // the manager 2,0; the head 2,2: on point 2 the team's 1 of 2, the manager 0: below
  for (const [who, scores] of [[managerId, [2, 0]], [headId, [2, 2]]]) {
    const r = await apiSend(page, 'POST', '/api/v1/reviews', { subject_id: who, checklist_id: cl.body.id, reviewed_at: '2026-11-10T11:00', scores });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  await visit(page, '/reviews?from=2026-11-01&to=2026-12-01', '#rv-weakest');
  const first = page.locator('#rv-weakest li >> nth=0');
  assert.match(await first.textContent(), /Выявление потребности/);
  await shot(page, '234-reviews-to-training');
  await first.locator('.rv-to-training').click();
  await page.waitForSelector('#tr-card');
  assert.equal((await page.textContent('#tr-card h2')).trim(), 'Выявление потребности');
  const id = Number(await page.getAttribute('#tr-card', 'data-id'));
  const tr = (await apiGet(page, `/api/v1/trainings/${id}`)).body;
  assert.equal(tr.kind, 'negotiation_review');
  assert.equal(tr.status, 'planned');
  assert.deepEqual(tr.attendees.map((a) => a.user_id), [managerId]);
});

test('head: the weekly meeting takes a training of its week in its block', async () => {
  const { page } = b;
  const m = await apiSend(page, 'POST', '/api/v1/meetings', { kind: 'weekly', scheduled_at: '2026-11-30T10:00' });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  await visit(page, `/meetings/${m.body.id}`, `#mt-trainings li[data-id="${trainingId}"]`);
  assert.equal((await page.textContent('#mt-trainings h2')).trim(), 'Групповое обучение на кейсах недели');
  await page.click(`#mt-trainings li[data-id="${trainingId}"] .tr-pick-btn`);
  await page.waitForSelector(`#mt-trainings li[data-id="${trainingId}"] .tr-in-block`);
  const r = await apiUntil(page, `/api/v1/trainings?meeting_id=${m.body.id}`, (x) => x.body && x.body.items.length === 1);
  assert.equal(r.body.items[0].id, trainingId);
  await shot(page, '235-trainings-weekly-meeting');
});

test('manager: «Моё обучение» with their own attendance only, and their card', async () => {
  const { page } = b;
  assert.ok(trainingId, 'the head planned one');
  await signOut(b);
  await signInWith(page, org.logins.manager, org.base);
  await visit(page, `${WEEK}&mine=1&id=${trainingId}`, '#tr-card');
  assert.equal(await page.$('#tr-new'), null, 'a manager plans none');
  assert.equal(await page.$('#tr-held'), null, 'nor marks');
  assert.equal((await page.textContent(`#tr-people li[data-user="${managerId}"] .tr-att`)).trim(), 'Присутствовал');
  assert.equal((await apiGet(page, `/api/v1/trainings?user_id=${headId}`)).status, 403, 'another user\'s trainings');
  await shot(page, '236-trainings-manager');
  await onPhone(page, async () => {
    await noSideScroll(page, 'trainings, manager, phone');
    await shot(page, '237-trainings-manager-phone', { fullPage: true });
  });
  await visit(page, `/managers/${managerId}`, '#mgr-trainings');
  assert.equal((await page.textContent('#mgr-tr-attended')).trim(), '1');
  assert.equal((await page.textContent('#mgr-tr-missed')).trim(), '0');
  assert.equal((await page.textContent('#mgr-tr-ahead')).trim(), '1', 'the review of negotiations planned');
  await page.locator('[data-section="mgr.trainings"]').scrollIntoViewIfNeeded();
  await shot(page, '238-trainings-manager-card');
});
