// reviews.test.mjs - «Разборы звонков» (issue 14, item 5) in a real
// browser: the head makes a checklist, scores a manager's call with the
// 0..max buttons (strengths, mistakes, comment, a recording link), and the
// list and the averages show the API's figures; the manager sees that
// review (and only their own: another manager's list is 403), opens it
// and reads the mistakes; at desktop size and at 390x844. Screenshots
// 210-213.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, visit, noSideScroll, onPhone, LOGINS } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

const NAME = `Входящий звонок ${Math.floor(Math.random() * 1e6)}`;
const MISTAKES = 'Не назначил следующий шаг';
let managerId = 0;
let otherId = 0;
let reviewId = 0;

test('head: a checklist, then a call of a manager scored with the buttons', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const anna = users.find((u) => u.email === LOGINS.manager[0].email);
  assert.ok(anna, 'the first manager of the demo');
  managerId = anna.id;
  otherId = users.find((u) => u.role === 'manager' && u.id !== anna.id).id;
  await visit(page, '/reviews', '#rv-kpis');
  assert.equal(await page.textContent('h1'), 'Разборы звонков');
  // the checklist: three points of 0..2
  await page.click('#rv-cl-new');
  await page.fill('#rv-cl-name', NAME);
  await page.fill('#rv-cl-items', 'Приветствие и имя\nВыявление потребности\nСледующий шаг');
  await page.click('#rv-clform button[type=submit]');
  await page.waitForSelector(`#rv-checklists summary:has-text("${NAME}")`);
  // the review
  await page.click('#rv-new');
  await page.waitForSelector('#rv-form');
  await page.selectOption('#rv-subject', String(managerId));
  const cl = (await apiGet(page, '/api/v1/review-checklists')).body.items.find((c) => c.name === NAME);
  await page.selectOption('#rv-checklist', String(cl.id));
  await page.waitForSelector('#rv-items .rv-item:nth-child(3)');
  // 2, 1, 0 of 2, 2, 2: 3/6 = 50 %
  await page.click('#rv-items .rv-item:nth-child(1) [data-score="2"]');
  await page.click('#rv-items .rv-item:nth-child(2) [data-score="1"]');
  await page.click('#rv-items .rv-item:nth-child(3) [data-score="0"]');
  assert.equal(await page.getAttribute('#rv-items .rv-item:nth-child(2) [data-score="1"]', 'aria-checked'), 'true');
  await page.fill('#rv-url', 'https://pbx.example.com/rec/42.mp3');
  await page.fill('#rv-strengths', 'Вежливо, по имени');
  await page.fill('#rv-mistakes', MISTAKES);
  await page.fill('#rv-comment', 'Потренировать закрытие на встречу');
  await shot(page, '210-reviews-head-form');
  await page.click('#rv-save');
  await page.waitForSelector('#rv-form', { state: 'detached' });
  await page.waitForSelector('#rv-list .rv-row');
  const list = (await apiGet(page, `/api/v1/reviews?user_id=${managerId}&checklist_id=${cl.id}`)).body.items;
  assert.equal(list.length, 1);
  reviewId = list[0].id;
  assert.equal(list[0].score, 3);
  assert.equal(list[0].max_score, 6);
  assert.equal(list[0].pct, 50);
  assert.equal(list[0].recording_url, 'https://pbx.example.com/rec/42.mp3');
  const row = page.locator(`#rv-list .rv-row[data-id="${reviewId}"]`);
  assert.match(await row.locator('.rv-pct').textContent(), /^50,0\s%$/);
  assert.equal(await row.locator('.rv-who').textContent(), anna.name);
  // the averages are the API's; the weakest point is marked
  const sum = (await apiGet(page, `/api/v1/reviews/summary?user_id=${managerId}`)).body;
  assert.ok(sum.count >= 1);
  await page.selectOption('#rv-user', String(managerId));
  await page.waitForFunction((n) => document.querySelector('#rv-count')?.textContent.trim() === String(n), sum.count);
  assert.equal((await page.textContent('#rv-avg')).trim(), `${sum.avg_pct.toFixed(1).replace('.', ',')}\u00a0%`);
  const weakRow = page.locator('#rv-items-avg tr.rv-weak-row', { hasText: 'Следующий шаг' });
  assert.equal(await weakRow.count(), 1, 'the point scored 0 is among the weakest');
  assert.match(await page.textContent('#rv-weakest'), /Следующий шаг/);
  await shot(page, '211-reviews-head');
  await onPhone(page, async () => {
    await noSideScroll(page, 'reviews, head, phone');
    await shot(page, '212-reviews-head-phone', { fullPage: true });
  });
});

test('manager: sees the review of their call and only their own', async () => {
  const { page } = b;
  assert.ok(reviewId, 'the head\'s review was made');
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, '/reviews', '#rv-list');
  assert.equal(await page.$('#rv-new'), null, 'a manager reviews nobody');
  assert.equal(await page.$('#rv-managers'), null, 'nor sees the other managers\' averages');
  const mine = (await apiGet(page, '/api/v1/reviews')).body.items;
  assert.ok(mine.every((r) => r.subject_id === managerId), 'only her own');
  assert.ok(mine.some((r) => r.id === reviewId));
  assert.equal((await apiGet(page, `/api/v1/reviews?user_id=${otherId}`)).status, 403,
    'another manager\'s list is refused');
  assert.equal((await apiGet(page, `/api/v1/reviews/summary?user_id=${otherId}`)).status, 403,
    'and their averages');
  const row = page.locator(`#rv-list .rv-row[data-id="${reviewId}"]`);
  await row.locator('.rv-open').click();
  await page.waitForSelector(`#rv-detail-${reviewId}`);
  assert.equal((await page.textContent(`#rv-detail-${reviewId} .rv-mistakes`)).trim(), MISTAKES);
  assert.equal(await page.locator(`#rv-detail-${reviewId} .rv-lines li`).count(), 3);
  await shot(page, '213-reviews-manager');
  await onPhone(page, async () => {
    await noSideScroll(page, 'reviews, manager, phone');
    await shot(page, '214-reviews-manager-phone', { fullPage: true });
  });
});
