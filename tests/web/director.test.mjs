// director.test.mjs - «Отчёт директору» (issue 11) in a real browser, on
// the 12-manager demo run.sh generates (as of 2026-11-20): the screen's
// figures are the API's (GET /api/v1/reports/director), the head's text
// is saved and read back, the page prints to exactly ONE A4 page (landscape,
// the app's @page; pdfinfo counts the pages of the PDF chromium prints, as
// print.test.mjs does), it fits 390x844 without a sideways scroll; and the
// weekly action plan as a manager, at desktop size and at 390x844: two
// actions added on two days, one checked off, the other carried to the
// next week, and today's action on My day. Screenshots 135-...
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openBrowser, signIn, signOut, apiGet, apiSend, visit, shot, SHOTS, AS_OF, onPhone, noSideScroll, LOGINS } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

/* The Monday of a date's ISO week, and a date n days on (YYYY-MM-DD). */
function addDays(s, n) {
  const d = new Date(`${s}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const mondayOf = (s) => addDays(s, -((new Date(`${s}T12:00:00Z`).getUTCDay() + 6) % 7));

test('director: the month of the 12-manager demo on screen, its text saved, printed on one A4 page', async () => {
  const { page } = b;
  await signIn(page, 'head');
  const q = `period=month&date=${AS_OF}`;
  const rep = (await apiGet(page, `/api/v1/reports/director?${q}`)).body;
  assert.ok(rep.plan_fact.length > 0, 'the demo has plans');
  await visit(page, `/director?${q}`, '#dir-pf');
  // the plan-fact rows and the ranking are the API's
  const rows = await page.$$eval('#dir-pf tbody tr', (trs) => trs.length);
  assert.equal(rows, rep.plan_fact.length);
  const top = await page.$$eval('#dir-top li span:first-child', (s) => s.map((x) => x.textContent));
  assert.deepEqual(top, rep.ranking.top.map((r) => r.name));
  const steps = await page.$$eval('#dir-funnel tbody tr', (trs) => trs.length);
  assert.equal(steps, rep.funnel.steps.length);
  // the demo holds no meeting, promise or competition: zeros, and no section «Нет данных»
  assert.deepEqual(rep.meetings, { available: true, held: 0, planned: 0, attendance_pct: null });
  assert.deepEqual(rep.competitions, []);
  assert.equal(await page.locator('.dir-na').count(), 0, 'every section has its figures');
  // the head's text, saved and read back from the API
  const text = 'Наберу двух менеджеров и разберу с каждым отказы на этапе КП.';
  await page.fill('#dir-note', text);
  await page.click('#dir-note-save');
  await page.waitForSelector('.dir-note [role=status]');
  const back = (await apiGet(page, `/api/v1/reports/director?${q}`)).body;
  assert.equal(back.note.text, text);
  await shot(page, '135-director-month', { fullPage: true });

  // printed: one A4 page, the text in it
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const file = join(SHOTS, '136-director-month.pdf');
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  assert.equal(pages, 1, `the report prints on ${pages} pages`);
  assert.match(info, /Page size:\s+84\d\.\d+ x 59\d\.\d+ pts \(A4\)/, info);
  const txt = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.ok(txt.includes('Наберу двух менеджеров'), 'the head\'s text is printed');
  assert.ok(txt.includes('Проведено 0 из 0'), 'the meetings section is printed');
  assert.ok(!txt.includes('Нет данных'), 'no section says «Нет данных»');
  await page.emulateMedia({ media: 'screen' });

  // a week, and the phone
  await visit(page, `/director?period=week&date=${AS_OF}`, '#dir-pf, #dir-period');
  await onPhone(page, async () => {
    await page.waitForSelector('#dir-period');
    await shot(page, '137-phone-director-week');
    await noSideScroll(page, 'the director report at 390x844');
  });
});

test('action plan: a manager adds two actions on two days, checks one off, carries the other; My day shows today\'s', async () => {
  const { page } = b;
  await signOut(b);
  const who = await signIn(page, 'manager');
  const monday = mondayOf(AS_OF);
  const me = (await apiGet(page, '/api/v1/session')).body;
  await visit(page, `/action-plans?week=${monday}`, '#ap-week');
  const d1 = AS_OF; // today (Friday 2026-11-20)
  const d2 = addDays(monday, 2); // Wednesday
  await page.fill(`#ap-add-${d1}`, 'Позвонить трём клиентам без задачи');
  await page.press(`#ap-add-${d1}`, 'Enter');
  await page.waitForSelector(`#ap-list-${d1} .ap-item`);
  await page.fill(`#ap-add-${d2}`, 'Отправить два КП');
  await page.press(`#ap-add-${d2}`, 'Enter');
  await page.waitForSelector(`#ap-list-${d2} .ap-item`);
  // checked off: the Wednesday one
  await page.click(`#ap-list-${d2} .ap-item input[type=checkbox]`);
  await page.waitForSelector(`#ap-list-${d2} .ap-item.done`);
  let plan = (await apiGet(page, `/api/v1/action-plans?week=${monday}`)).body;
  assert.equal(plan.user_id, me.user_id);
  assert.equal(plan.total, 2);
  assert.equal(plan.done, 1);
  assert.equal(await page.textContent('#ap-done'), 'Выполнено 1 из 2');
  await shot(page, '138-action-plan-manager');
  // My day: today's action with its checkbox
  await visit(page, '/my-day', '#myday-actions');
  assert.equal(await page.locator('#myday-actions .ap-item').count(), 1);
  assert.match(await page.textContent('#myday-actions'), /Позвонить трём клиентам/);
  await shot(page, '139-myday-actions');
  // a refused check (the server's disk full), on My day and on the week: the
  // message in Russian, the box back as the server has it, unchecked
  const items = '**/api/v1/action-plans/items/*';
  await page.route(items, (route) => route.fulfill({ status: 507, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'storage_full', message: 'disk full' } }) }));
  for (const [url, box] of [['/my-day', '#myday-actions .ap-item input'], [`/action-plans?week=${monday}`, `#ap-list-${d1} .ap-item input`]]) {
    await visit(page, url, box);
    await page.click(box);
    await page.waitForSelector('.form-error:has-text("кончилось место")');
    await page.waitForFunction((sel) => document.querySelector(sel)?.checked === false, box);
    assert.equal(await page.locator(box.replace(' input', '.done')).count(), 0, `${url}: the refused check is not shown done`);
  }
  await page.unroute(items);
  assert.equal((await apiGet(page, `/api/v1/action-plans?week=${monday}`)).body.done, 1, 'the refused check changed nothing');
  // carried: the open one to the same weekday of the next week
  await visit(page, `/action-plans?week=${monday}`, '#ap-carry');
  await page.click('#ap-carry');
  await page.waitForSelector('#ap-note');
  assert.equal(await page.textContent('#ap-note'), 'Перенесено действий: 1');
  await page.click('#ap-next');
  const next = addDays(d1, 7);
  await page.waitForSelector(`#ap-list-${next} .ap-item`);
  plan = (await apiGet(page, `/api/v1/action-plans?week=${addDays(monday, 7)}`)).body;
  assert.deepEqual(plan.items.map((x) => [x.what, x.day, x.done]), [['Позвонить трём клиентам без задачи', next, false]]);
  assert.ok(plan.items[0].carried_from > 0);
  await shot(page, '140-action-plan-carried');
  // the phone: a list of days, no sideways scroll
  await onPhone(page, async () => {
    await visit(page, `/action-plans?week=${monday}`, `#ap-list-${d2} .ap-item.done`);
    await noSideScroll(page, 'the action plan at 390x844');
    await shot(page, '141-phone-action-plan', { fullPage: true });
  });
  // clean up what this test added, so a rerun starts from the same plan
  for (const w of [monday, addDays(monday, 7)]) {
    const p = (await apiGet(page, `/api/v1/action-plans?week=${w}`)).body;
    for (const x of [...p.items].reverse()) await apiSend(page, 'DELETE', `/api/v1/action-plans/items/${x.id}`, { version: x.version });
  }
  assert.ok(who && LOGINS.manager);
});
