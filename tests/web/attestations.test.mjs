// attestations.test.mjs - «Аттестация» (issue 14, item 6) in a real
// browser: the head builds a test of a single-choice and a free question
// in the editor and assigns it to a manager with a due day; the manager
// takes it on one page (the questions without the correct answers) and
// submits; the choice answer is scored at once, the free one waits; the
// head scores it and the result turns to passed, with the points per
// topic, also on the manager's card; a manager never sees another's
// attempts (403). Desktop and 390x844. Screenshots 240-248.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, apiUntil, shot, visit, noSideScroll, onPhone, LOGINS, YEAR } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

const TITLE = `Продукт и CRM ${Math.floor(Math.random() * 1e6)}`;
// due after the demo's day: the daily sheets (print.test.mjs) stay as they are
const DUE = `${YEAR + 1}-12-31`;
let testId = 0;
let managerId = 0;
let otherId = 0;
let attemptId = 0;

test('head: builds a test of a choice and a free question and assigns it', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const anna = users.find((u) => u.email === LOGINS.manager[0].email);
  managerId = anna.id;
  otherId = users.find((u) => u.role === 'manager' && u.id !== anna.id).id;
  await visit(page, '/attestations', '#at-tests');
  assert.equal(await page.textContent('h1'), 'Аттестация');
  await page.click('#at-new');
  await page.fill('#at-title', TITLE);
  await page.fill('#at-pass', '70');
  const q1 = page.locator('#at-qs .at-q').nth(0);
  await q1.locator('.at-q-topic').selectOption('product');
  await q1.locator('.at-q-text').fill('Сколько стоит тариф «Старт» в месяц?');
  await q1.locator('.at-q-options').fill('990 ₽\n1 490 ₽\n2 990 ₽');
  await q1.locator('.at-q-correct').fill('2');
  await q1.locator('.at-q-points').fill('2');
  await page.click('#at-q-add');
  const q2 = page.locator('#at-qs .at-q').nth(1);
  await q2.locator('.at-q-topic').selectOption('selling');
  await q2.locator('.at-q-kind').selectOption('free');
  await q2.locator('.at-q-text').fill('Клиент говорит «дорого». Что вы ответите?');
  await q2.locator('.at-q-points').fill('3');
  await shot(page, '240-attestations-head-editor');
  await page.click('#at-save');
  await page.waitForSelector('#at-form', { state: 'detached' });
  const tests = (await apiGet(page, '/api/v1/attestations')).body.items;
  const made = tests.find((x) => x.title === TITLE);
  assert.ok(made, 'the test is stored');
  testId = made.id;
  assert.equal(made.pass_pct, 70);
  assert.equal(made.points, 5);
  assert.deepEqual(made.questions.map((q) => [q.topic, q.kind, q.points]), [['product', 'single', 2], ['selling', 'free', 3]]);
  assert.deepEqual(made.questions[0].correct, [1], 'the second option, numbered from 1 on the screen');
  // assign it to anna with a due day
  const row = page.locator(`.at-tests-table tr[data-id="${testId}"]`);
  await row.locator('.at-assign-open').click();
  const form = page.locator(`#at-assign-${testId}`);
  await form.locator('.at-who').selectOption(`user:${managerId}`);
  await form.locator('.at-due').fill(DUE);
  await form.locator('button[type=submit]').click();
  await page.waitForSelector(`#at-assign-${testId} .at-assigned`);
  const as = (await apiGet(page, `/api/v1/attestations/${testId}/assignments`)).body.items;
  assert.deepEqual(as.map((x) => [x.user_id, x.due, x.state]), [[managerId, DUE, 'open']]);
  await shot(page, '241-attestations-head');
  await onPhone(page, async () => {
    await noSideScroll(page, 'attestations, head, phone');
    await shot(page, '242-attestations-head-phone', { fullPage: true });
  });
});

test('manager: takes the test on one page and submits it', async () => {
  const { page } = b;
  assert.ok(testId, 'the head made the test');
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, '/attestations', '#at-mine');
  assert.equal(await page.$('#at-new'), null, 'a manager writes no test');
  const mine = page.locator(`#at-mine .at-row[data-test="${testId}"]`);
  await mine.locator('.at-start').click();
  await page.waitForSelector('#at-take');
  const started = (await apiGet(page, `/api/v1/attestation-attempts?attestation_id=${testId}`)).body.items;
  assert.equal(started.length, 1);
  attemptId = started[0].id;
  const seen = (await apiGet(page, `/api/v1/attestation-attempts/${attemptId}`)).body;
  assert.equal(seen.questions[0].correct, null, 'the taker does not see the correct answers');
  await page.locator('.at-take-q[data-pos="1"] .at-option', { hasText: '1 490 ₽' }).locator('input').check();
  await page.fill('.at-take-q[data-pos="2"] textarea', 'Сравню цену с потерями без продукта и предложу пробный месяц.');
  await onPhone(page, async () => {
    await noSideScroll(page, 'attestation taken, phone');
    await shot(page, '243-attestations-manager-take-phone', { fullPage: true });
  });
  await page.click('#at-submit');
  await page.waitForSelector('#at-take', { state: 'detached' });
  await page.waitForSelector(`#at-history .at-row[data-id="${attemptId}"] .at-answers`);
  const a = (await apiGet(page, `/api/v1/attestation-attempts/${attemptId}`)).body;
  assert.equal(a.state, 'to_score');
  assert.equal(a.score, 2, 'the choice answer scored at once');
  assert.equal(a.pending, 1, 'the free answer waits for the head');
  assert.match(await page.textContent(`#at-history .at-row[data-id="${attemptId}"] .at-state`), /на проверке/);
  assert.equal((await apiGet(page, `/api/v1/attestation-attempts?user_id=${otherId}`)).status, 403,
    'another manager\'s attempts are refused');
  assert.equal((await apiGet(page, `/api/v1/attestation-results?user_id=${otherId}`)).status, 403,
    'and their results');
  await shot(page, '244-attestations-manager-submitted');
});

test('head: scores the free answer and the attempt passes', async () => {
  const { page } = b;
  assert.ok(attemptId, 'the manager submitted');
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, '/attestations', '#at-to-score');
  const row = page.locator(`#at-to-score .at-row[data-id="${attemptId}"]`);
  await row.locator('.at-open').click();
  await page.waitForSelector(`#at-attempt-${attemptId}`);
  const free = page.locator(`#at-attempt-${attemptId} .at-answer[data-pos="2"]`);
  assert.match(await free.locator('.at-free-text').textContent(), /пробный месяц/);
  await free.locator('.at-score-points').fill('3');
  await free.locator('.at-score-comment').fill('Хорошо: ценность и следующий шаг');
  await shot(page, '245-attestations-head-score');
  await page.click(`#at-attempt-${attemptId} .at-score-save`);
  const a = (await apiUntil(page, `/api/v1/attestation-attempts/${attemptId}`, (r) => r.body && r.body.state === 'passed')).body;
  assert.equal(a.state, 'passed');
  assert.equal(a.score, 5);
  assert.equal(a.pct, 100);
  assert.deepEqual(a.topics.map((x) => [x.topic, x.earned, x.possible]), [['product', 2, 2], ['selling', 3, 3]]);
  await page.waitForSelector(`#at-to-score .at-row[data-id="${attemptId}"]`, { state: 'detached' });
  const res = page.locator(`#at-results .at-results tr[data-user="${managerId}"][data-test="${testId}"]`);
  await res.waitFor();
  assert.match(await res.locator('.at-result').textContent(), /сдана/);
  assert.match(await res.locator('.at-best').textContent(), /^100,0\s%$/);
  await shot(page, '246-attestations-head-results');
  await onPhone(page, async () => {
    await noSideScroll(page, 'attestation results, head, phone');
    await shot(page, '247-attestations-head-results-phone', { fullPage: true });
  });
});

test('head: the manager\'s card has the attestation section', async () => {
  const { page } = b;
  await visit(page, `/managers/${managerId}`, '#mgr-attestation');
  const row = page.locator(`#mgr-attestation .at-results tr[data-test="${testId}"]`);
  await row.waitFor();
  assert.match(await row.locator('.at-result').textContent(), /сдана/);
  assert.equal(await page.locator('#mgr-attestation .at-topics tr[data-topic="selling"]').count(), 1);
  await page.locator('[data-section="mgr.attestation"]').scrollIntoViewIfNeeded();
  await shot(page, '248-attestations-manager-card');
});

test('manager: sees the result and the comment', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, '/attestations', '#at-my-results');
  const res = page.locator(`#at-my-results .at-results tr[data-test="${testId}"]`);
  await res.waitFor();
  assert.match(await res.locator('.at-result').textContent(), /сдана/);
  await page.locator(`#at-history .at-row[data-id="${attemptId}"] .at-open`).click();
  await page.waitForSelector(`#at-attempt-${attemptId}`);
  assert.match(await page.textContent(`#at-attempt-${attemptId} .at-answer[data-pos="2"] .at-points`), /Хорошо: ценность/);
});

test('head: who the test is assigned to, and the test changed after its attempts: settings yes, questions no', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, '/attestations', `.at-tests-table tr[data-id="${testId}"]`);
  const row = page.locator(`.at-tests-table tr[data-id="${testId}"]`);
  await row.locator('.at-assign-open').click();
  await page.waitForSelector(`#at-assigned-${testId} tr[data-user="${managerId}"]`);
  assert.equal(await page.getAttribute(`#at-assigned-${testId} tr[data-user="${managerId}"]`, 'data-state'), 'passed');
  assert.match(await page.textContent(`#at-assigned-${testId} tr[data-user="${managerId}"]`), /сдана/);

  await row.locator('.at-edit').click();
  await page.waitForSelector('#at-form #at-locked');
  assert.equal(await page.inputValue('#at-title'), TITLE);
  assert.equal(await page.$('#at-qs'), null, 'no question editor once attempted');
  await page.fill('#at-pass', '80');
  await page.check('#at-archived');
  await shot(page, '249-attestations-head-edit');
  await page.click('#at-save');
  await page.waitForSelector('#at-form', { state: 'detached' });
  const x = (await apiGet(page, `/api/v1/attestations/${testId}`)).body;
  assert.deepEqual([x.pass_pct, x.archived, x.questions.length], [80, true, 2]);
  // the list is fetched again after the form closes: wait for the new row, not the old one
  await page.locator(`.at-tests-table tr[data-id="${testId}"] th`, { hasText: /в архиве/ }).waitFor();
});
