// library.test.mjs - «Библиотека скриптов и регламентов» (issue 14, item
// 3; docs/library.md) in a real browser: the head publishes a required
// script and then its second version, «Сравнить» shows the deleted and the
// inserted lines with their numbers (the API's diff); a manager sees the
// badges (the list's and the sidebar's), finds the script by a word in
// capitals, opens it, presses «Ознакомлен»; the head's table then
// shows her as having read the current version, and he renames it. At
// desktop size and at 390x844. Screenshots 210-214.
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

const TITLE = 'Скрипт входящего звонка';
const V1 = 'Здравствуйте, компания «Ромашка», меня зовут Анна.\nЧем могу помочь?\nУточню, как к вам обращаться.\nДо свидания!';
const V2 = 'Здравствуйте, компания «Ромашка», меня зовут Анна.\nПодскажите, что вас интересует?\nУточню, как к вам обращаться.\nЗапишу телефон для связи.\nДо свидания!';
let docId = 0;

test('head: publishes a required script and its second version; the diff is the API\'s', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, '/library', '#lib-add');
  assert.match(await page.textContent('nav.sidebar'), /Люди/);
  await page.click('#lib-add');
  await page.selectOption('#lib-new-kind', 'script');
  await page.fill('#lib-new-title', TITLE);
  assert.ok(await page.isChecked('#lib-new-required'), 'required by default');
  await page.fill('#lib-new-body', V1);
  await page.fill('#lib-new-note', 'Первая редакция');
  await page.click('#lib-new-save');
  await page.waitForSelector('#lib-body');
  docId = Number(new URL(page.url()).pathname.split('/').pop());
  assert.ok(docId > 0, page.url());
  assert.equal(await page.textContent('#lib-title'), TITLE);
  assert.equal(await page.textContent('#lib-body'), V1, 'the text as typed, lines kept');
  // no manager has read it yet
  const acks = (await apiGet(page, `/api/v1/documents/${docId}/acks`)).body;
  assert.ok(acks.total > 0);
  assert.equal(acks.acknowledged, 0);
  assert.equal(await page.$$eval('#lib-acks tbody tr', (r) => r.length), acks.total);
  assert.match(await page.textContent('#lib-acks-sum'), new RegExp(`0 из ${acks.total}`));

  // the second version, from the current text
  assert.equal(await page.inputValue('#lib-version-body'), V1);
  await page.fill('#lib-version-body', V2);
  await page.fill('#lib-version-note', 'Открытый вопрос, телефон');
  await page.click('#lib-version-save');
  await page.waitForFunction(() => /версия 2/.test(document.querySelector('#lib-meta').textContent));
  assert.equal(await page.textContent('#lib-body'), V2);
  assert.equal(await page.$$eval('#lib-versions tbody tr', (r) => r.length), 2);
  assert.match(await page.textContent('#lib-versions tbody tr[data-n="2"]'), /Открытый вопрос, телефон/);

  // «Сравнить»: version 1 to 2 by default
  await page.click('#lib-compare-btn');
  await page.waitForSelector('#lib-diff');
  const diff = (await apiGet(page, `/api/v1/documents/${docId}/diff?from=1&to=2`)).body;
  // by hand: V1's line 2 deleted; V2's lines 2 and 4 inserted
  assert.deepEqual(diff.lines.map((l) => [l.op, l.old ?? l.new, l.text]), [
    ['delete', 2, 'Чем могу помочь?'],
    ['insert', 2, 'Подскажите, что вас интересует?'],
    ['insert', 4, 'Запишу телефон для связи.'],
  ]);
  const shown = await page.$$eval('#lib-diff .diff-line', (ls) => ls.map((l) => [l.className.includes('diff-ins') ? 'insert' : 'delete',
    l.querySelector('.diff-no').textContent, l.querySelector('.diff-text').textContent]));
  assert.deepEqual(shown, [['delete', '−2', 'Чем могу помочь?'], ['insert', '+2', 'Подскажите, что вас интересует?'],
    ['insert', '+4', 'Запишу телефон для связи.']]);
  assert.match(await page.textContent('#lib-diff-sum'), /Удалено строк: 1, добавлено: 2/);
  await shot(page, '215-library-head-diff', { fullPage: true });
  await onPhone(page, async () => {
    await noSideScroll(page, 'the document at 390 px');
    await shot(page, '216-library-head-phone', { fullPage: true });
  });
});

test('manager: the badge, «Ознакомлен», then the head sees it', async () => {
  const { page } = b;
  assert.ok(docId > 0, 'the head\'s test made the document');
  await signOut(b);
  const who = await signIn(page, 'manager');
  await visit(page, '/library', '#lib-list');
  const item = `#lib-list li[data-id="${docId}"]`;
  await page.waitForSelector(`${item} .lib-unread`);
  assert.match(await page.textContent('#lib-due'), /ждут вашего ознакомления/);
  const due = (await apiGet(page, '/api/v1/documents?unread=1')).body.items.length;
  await page.waitForSelector('#nav-lib-due');
  assert.equal(await page.textContent('#nav-lib-due'), String(due), 'the sidebar\'s badge');
  assert.equal(await page.isVisible('#lib-add'), false, 'a manager writes nothing');
  // the search folds case: «ЗАПИШУ» is in version 2's text
  await page.fill('#lib-q', 'ЗАПИШУ');
  await page.waitForFunction((id) => {
    const l = document.querySelectorAll('#lib-list li');
    return l.length === 1 && l[0].dataset.id === String(id);
  }, docId);
  await shot(page, '217-library-manager-list');
  await onPhone(page, async () => { await noSideScroll(page, 'the library at 390 px'); });
  await page.click(`${item} a`);
  await page.waitForSelector('#lib-ack');
  assert.equal(await page.isVisible('#lib-acks'), false, 'the table is the head\'s');
  assert.equal(await page.isVisible('#lib-version'), false);
  await page.click('#lib-ack');
  await page.waitForSelector('#lib-acked');
  assert.match(await page.textContent('#lib-acked'), /версией 2/);
  const d = (await apiGet(page, `/api/v1/documents/${docId}`)).body;
  assert.equal(d.acknowledged, true);
  assert.equal(d.unread, false);
  if (due === 1) await page.waitForSelector('#nav-lib-due', { state: 'detached' });
  else await page.waitForFunction((n) => document.querySelector('#nav-lib-due').textContent === String(n), due - 1);
  await onPhone(page, async () => {
    await noSideScroll(page, 'the manager\'s document at 390 px');
    await shot(page, '218-library-manager-phone', { fullPage: true });
  });

  await signOut(b);
  await signIn(page, 'head');
  await visit(page, `/library/${docId}`, '#lib-acks');
  const acks = (await apiGet(page, `/api/v1/documents/${docId}/acks`)).body;
  assert.equal(acks.acknowledged, 1);
  const mine = acks.users.find((u) => u.acknowledged);
  assert.ok(who.email && mine, 'the manager is the one who read it');
  assert.match(await page.textContent(`#lib-acks tr[data-user="${mine.user_id}"]`), /Ознакомлен/);
  assert.match(await page.textContent('#lib-acks-sum'), new RegExp(`1 из ${acks.total}`));
  await shot(page, '219-library-head-acks');
  assert.ok(LOGINS.manager.length > 0);

  // the head renames it and makes it a standard: the text stays
  await page.fill('#lib-edit-title', `${TITLE} (редакция 2)`);
  await page.selectOption('#lib-edit-kind', 'standard');
  await page.click('#lib-edit-save');
  await page.waitForFunction((t) => document.querySelector('#lib-title').textContent === t, `${TITLE} (редакция 2)`);
  const e = (await apiGet(page, `/api/v1/documents/${docId}`)).body;
  assert.equal(e.kind, 'standard');
  assert.equal(e.version, 2, 'a change of properties is no new version');
  assert.equal(e.body, V2);
});
