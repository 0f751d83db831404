// meeting.test.mjs - the meeting room in a real browser (docs/meetings.md):
// as the head, a daily meeting planned on «Планёрки», started with the
// keyboard (S: the daily report frozen in, shown on the left), attendance
// marked, a note written and saved with Ctrl+Enter, a decision (D), two
// promises (N; one with a metric and its target), the text for a
// messenger checked, the protocol printed to PDF (A4, at most two pages,
// pdfinfo), closed (C); the next daily meeting opens with those two
// promises in «Обещания к этой планёрке»; at 390x844 no sideways scroll;
// «Обещания» filtered by the manager, one marked kept by the head; the
// manager sees their open promise on My day and only theirs on
// «Обещания». Screenshots 120-124.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, signIn, signOut, apiGet, apiSend, shot, visit, onPhone, noSideScroll, LOGINS, AS_OF, SHOTS } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

test('head runs a daily meeting; the next one opens with its promises; the manager sees theirs', async () => {
  const { page } = b;
  await signIn(page, 'head');
  const manager = LOGINS.manager[0].email;
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const anna = users.find((u) => u.email === manager);
  assert.ok(anna, manager);

  // planned on «Планёрки» for the demo's day at 09:00
  await visit(page, '/meetings', '#meeting-new');
  await page.selectOption('#meeting-kind', 'daily');
  await page.fill('#meeting-at', `${AS_OF}T09:00`);
  await page.click('#meeting-create');
  await page.waitForSelector('#meeting-room[data-status="planned"]');
  const id = Number(page.url().split('/').pop());
  assert.ok(id > 0, page.url());
  assert.equal(await page.textContent('#meeting-status'), 'Запланирована');

  // S starts it: the daily sheet of that day frozen in
  await page.click('h1');
  await page.keyboard.press('s');
  await page.waitForSelector('#meeting-room[data-status="running"]');
  await page.waitForSelector('#meeting-report .daily-row');
  const frozen = (await apiGet(page, `/api/v1/meetings/${id}`)).body;
  assert.equal(frozen.report.kind, 'daily');
  assert.equal(frozen.report.date, AS_OF);
  assert.equal(await page.textContent('#meeting-timer').then((s) => /^\d\d:\d\d \/ 20 мин$/.test(s.trim())), true);

  // attendance: the manager present, the next participant absent
  const other = frozen.participants.find((p) => p.user_id !== anna.id);
  await page.click(`li[data-user="${anna.id}"] button[data-mark="present"]`);
  await page.waitForSelector(`li[data-user="${anna.id}"][data-mark="present"]`);
  await page.click(`li[data-user="${other.user_id}"] button[data-mark="absent"]`);
  await page.waitForSelector(`li[data-user="${other.user_id}"][data-mark="absent"]`);

  // a note, saved with Ctrl+Enter
  await page.click('#agenda-notes-2');
  await page.keyboard.type('Звонки до обеда');
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(async (mid) => {
    const r = await fetch(`/api/v1/meetings/${mid}`);
    return (await r.json()).agenda[1].notes === 'Звонки до обеда';
  }, id);

  // D: a decision
  await page.click('h1');
  await page.keyboard.press('d');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'decision-text');
  await page.keyboard.type('КП в тот же день');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#meeting-decisions li');

  // N: two promises of the manager, the second tied to calls >= 30
  for (const [text, metric] of [['3 КП', ''], ['Звонки', 'calls']]) {
    await page.click('h1');
    await page.keyboard.press('n');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'promise-text');
    await page.selectOption('#promise-user', String(anna.id));
    await page.fill('#promise-text', text);
    await page.fill('#promise-due', AS_OF);
    await page.selectOption('#promise-metric', metric);
    if (metric) await page.fill('#promise-target', '30');
    await page.click('#promise-add');
  }
  await page.waitForFunction(() => document.querySelectorAll('#promises-given li.promise').length === 2);
  const given = (await apiGet(page, `/api/v1/meetings/${id}`)).body.promises_given;
  assert.deepEqual(given.map((p) => [p.text, p.user_id, p.metric, p.target]),
    [['3 КП', anna.id, null, null], ['Звонки', anna.id, 'calls', 30]]);
  await shot(page, '120-meeting-room');

  // the text for a messenger
  await page.click('#meeting-text');
  await page.waitForSelector('#meeting-text-out');
  const text = await page.inputValue('#meeting-text-out');
  assert.ok(text.startsWith('Планёрка 20.11.2026 (пт) 09:00, 20 мин\n'), text);
  assert.ok(text.includes('Решения:\n— КП в тот же день\n'), text);
  assert.ok(text.includes(`Обещания:\n— ${anna.name}: 3 КП до пт 20.11\n— ${anna.name}: Звонки до пт 20.11\n`), text);

  // printed: the protocol alone, on A4
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const file = join(SHOTS, 'print-meeting.pdf');
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
  assert.ok(/Page size:.* pts \(A4\)/.test(info), info); // the app's @page: A4 landscape
  const printed = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.ok(printed.includes('Протокол'), printed.slice(0, 400));
  assert.ok(printed.includes('КП в тот же день'));

  // C closes it
  await page.click('h1');
  await page.keyboard.press('c');
  await page.waitForSelector('#meeting-room[data-status="closed"]');

  // the next daily meeting (Monday 09:00) opens with the two promises
  const next = await apiSend(page, 'POST', '/api/v1/meetings', { kind: 'daily', scheduled_at: '2026-11-23T09:00' });
  assert.equal(next.status, 201, JSON.stringify(next.body));
  await visit(page, `/meetings/${next.body.id}`, '#promises-due');
  const due = await page.$$eval('#promises-due li.promise', (li) => li.map((x) => x.textContent));
  assert.equal(due.length, 2, JSON.stringify(due));
  assert.ok(due[0].includes('3 КП') && due[1].includes('Звонки'), JSON.stringify(due));
  assert.equal(await page.textContent('#promises-due h2'), 'Обещания к этой планёрке');
  await shot(page, '121-meeting-next');

  // the help overlay
  await page.click('h1');
  await page.keyboard.press('?');
  await page.waitForSelector('#meeting-help');
  await page.keyboard.press('Escape');

  // a phone: report and protocol stacked, no sideways scroll
  await visit(page, `/meetings/${id}`, '#meeting-report .daily-row');
  await onPhone(page, async () => {
    await noSideScroll(page, 'the meeting room');
    await shot(page, '122-meeting-phone');
    await visit(page, '/meetings', '#meetings-list');
    await noSideScroll(page, 'the meetings list');
    await shot(page, '123-meetings-phone');
  });

  // «Обещания»: the head filters by the manager; the metric one already
  // settled (see My day below), the other open, marked kept here
  await visit(page, '/promises', '#promises-status');
  await page.selectOption('#promises-status', '');
  await page.selectOption('#promises-user', String(anna.id));
  await page.waitForFunction(() => document.querySelectorAll('#promises-list tbody tr').length === 2);
  await page.click('#promises-list tr[data-status="open"] button');
  await page.waitForFunction(() => !document.querySelector('#promises-list tr[data-status="open"]')
    && document.querySelectorAll('#promises-list tbody tr').length === 2);
  assert.equal((await apiGet(page, `/api/v1/promises/${given[0].id}`)).body.status, 'kept');
  await onPhone(page, async () => { await noSideScroll(page, 'the promises'); });

  // the manager sees their open promises on My day
  await signOut(b);
  await signIn(page, 'manager');
  // (both settled now: the metric one by the server's real clock, past
  // the demo's day, the other by the head above) - a new open one shows
  const own = await apiSend(page, 'POST', '/api/v1/promises', { text: 'Перезвонить в Альфу', due_at: '2200-01-01' });
  assert.equal(own.status, 201, JSON.stringify(own.body));
  await visit(page, '/my-day', '#my-promises');
  const mine = await page.textContent('#my-promises');
  assert.ok(mine.includes('Перезвонить в Альфу') && !mine.includes('3 КП'), mine);
  await visit(page, '/promises', '#promises-list');
  assert.equal(await page.$('#promises-user'), null); // a manager: no one else's
  const rows = await page.$$eval('#promises-list tbody tr', (tr) => tr.map((x) => x.textContent));
  assert.deepEqual(rows.length, 1, JSON.stringify(rows));
  await shot(page, '124-myday-promises');
  assert.deepEqual(b.errors, []);
});
