// nps.test.mjs - NPS (issue 12, item 2) in a real browser: «NPS» as the
// head (the 12 months' trend and the detractors are the API's, the groups
// by channel and by manager too; a detractor's task made by its button),
// at desktop size and at 390x844; a manager's screen is the API's for
// them (their own clients only); the client card's block (the answers
// the API's, an answer entered with the 0-10 buttons, a survey link made);
// the public survey page of that link without sign-in (the company's
// name, an answer, the thank-you state, then «уже ответили»), on a phone.
// Screenshots 160-169.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, visit, noSideScroll, onPhone, AS_OF, BASE } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

/* The 12 months to AS_OF's month: the screen's default. */
function year() {
  const [y, m] = AS_OF.split('-').map(Number);
  const iso = (d) => d.toISOString().slice(0, 10);
  return { from: iso(new Date(Date.UTC(y, m - 12, 1))), to: iso(new Date(Date.UTC(y, m, 0))) };
}
const q = (by) => { const { from, to } = year(); return `/api/v1/reports/nps?from=${from}&to=${to}&as_of=${AS_OF}&by=${by}`; };
/* NPS as the screen shows it: one decimal with a comma, «—» for none. */
const shown = (v) => (v == null ? '—' : v.toFixed(1).replace('.', ','));
async function cells(page, sel) {
  return page.$$eval(`${sel} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((x) => x.textContent.trim())));
}

test('head: the trend, the groups and the detractors are the API\'s; fits a phone', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, '/nps', '#nps-months tbody tr');
  const months = (await apiGet(page, q('month'))).body;
  assert.equal(months.groups.length, 12);
  assert.ok(months.groups.some((g) => g.responses > 0), 'the demo has answers');
  const rows = await cells(page, '#nps-months');
  assert.deepEqual(rows.map((r) => [r[0], r[1].replace(/\D/g, ''), r[5]]),
    months.groups.map((g) => [g.key, String(g.responses), shown(g.nps)]));
  await page.waitForSelector('#nps-groups tbody tr');
  const ch = (await apiGet(page, q('channel'))).body;
  const g = await cells(page, '#nps-groups');
  assert.deepEqual(g.map((r) => r[5]), ch.groups.map((x) => shown(x.nps)));
  assert.equal(g.length, ch.groups.length);
  const det = await cells(page, '#nps-detractors');
  assert.equal(det.length, months.detractors.length);
  assert.equal(det[0][0], months.detractors[0].client);
  assert.equal(det[0][1], String(months.detractors[0].score));
  await shot(page, '160-nps-head');
  // by manager: the owners' names
  await page.click('button[role=tab]:nth-child(2)');
  await page.waitForFunction(() => /by=user/.test(location.search));
  const us = (await apiGet(page, q('user'))).body;
  await page.waitForFunction((n) => document.querySelectorAll('#nps-groups tbody tr').length === n, us.groups.length);
  const names = (await cells(page, '#nps-groups')).map((r) => r[0]);
  assert.deepEqual(names, us.groups.map((x) => (x.key == null ? 'не указано' : x.name)));
  await onPhone(page, async () => {
    await noSideScroll(page, 'NPS');
    await shot(page, '161-nps-phone');
  });
  // the first detractor's task: made once
  const tasks0 = (await apiGet(page, '/api/v1/tasks?limit=500')).body;
  await page.click('#nps-detractors tbody tr:first-child button');
  await page.waitForSelector('#nps-detractors tbody tr:first-child .ok, #nps-detractors tbody tr:first-child .error');
  const text = await page.textContent('#nps-detractors tbody tr:first-child');
  assert.ok(/Задача поставлена|уже поставлена/.test(text), text);
  assert.ok(tasks0);
});

test('manager: their own clients\' answers only, as the API says', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, '/nps', '#nps-months tbody tr');
  const mine = (await apiGet(page, q('month'))).body;
  await signOut(b);
  await signIn(page, 'head');
  const all = (await apiGet(page, q('month'))).body;
  const sum = (r) => r.groups.reduce((s, x) => s + x.responses, 0);
  assert.ok(sum(mine) < sum(all), `${sum(mine)} of ${sum(all)}`);
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, '/nps', '#nps-months tbody tr');
  const rows = await cells(page, '#nps-months');
  assert.deepEqual(rows.map((r) => r[1].replace(/\D/g, '')), mine.groups.map((x) => String(x.responses)));
});

test('the client card: answers, an answer entered, a survey link answered without sign-in', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  const all = (await apiGet(page, q('month'))).body;
  const client = all.detractors[0].client_id;
  await visit(page, `/clients/${client}`, '#client-nps');
  const before0 = (await apiGet(page, `/api/v1/clients/${client}/nps`)).body.items;
  await page.waitForFunction((n) => document.querySelectorAll('#client-nps .nps-history li').length === n, before0.length);
  await page.click('#client-nps .nps-btn:nth-child(10)'); // 9
  await page.fill('#client-nps textarea', 'Всё хорошо');
  await page.click('#nps-save');
  await page.waitForFunction((n) => document.querySelectorAll('#client-nps .nps-history li').length === n, before0.length + 1);
  const after0 = (await apiGet(page, `/api/v1/clients/${client}/nps`)).body.items;
  assert.equal(after0.length, before0.length + 1);
  assert.ok(after0.some((a) => a.score === 9 && a.comment === 'Всё хорошо'));
  await page.click('#nps-link-make');
  await page.waitForSelector('#nps-link-url');
  const url = await page.inputValue('#nps-link-url');
  assert.ok(url.startsWith(`${BASE}/app/survey.html#`), url);
  await shot(page, '162-nps-client-card');
  await onPhone(page, async () => {
    await noSideScroll(page, 'the client card');
    await shot(page, '163-nps-client-card-phone', { fullPage: true });
  });
  // the survey, signed out, on a phone
  await signOut(b);
  await onPhone(page, async () => {
    await page.goto(url);
    await page.waitForSelector('.nps-scale');
    const company = await page.textContent('.survey-company');
    assert.ok(company.length > 0);
    await noSideScroll(page, 'the survey');
    await shot(page, '164-nps-survey-phone');
    await page.click('.nps-btn:nth-child(11)'); // 10
    await page.fill('.survey textarea', 'Спасибо!');
    await page.click('.survey-send');
    await page.waitForSelector('text=Спасибо за ответ!');
    await shot(page, '165-nps-survey-thanks');
    await page.reload();
    await page.waitForSelector('.survey-message');
    assert.match(await page.textContent('.survey-message'), /уже ответили/);
  });
  await signIn(page, 'head');
  const last = (await apiGet(page, `/api/v1/clients/${client}/nps`)).body.items;
  assert.equal(last.length, before0.length + 2);
  assert.ok(last.some((a) => a.score === 10 && a.comment === 'Спасибо!'));
});

test('settings: the survey link\'s days (nps_link_days) checked and saved; a link lives that long', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'admin');
  await visit(page, '/settings?tab=org', '#org-form input[name=nps_link_days]');
  assert.equal(await page.inputValue('#org-form input[name=nps_link_days]'), '30');
  await page.fill('#org-form input[name=nps_link_days]', '366');
  await page.click('#org-form button.btn-primary');
  await page.waitForSelector('#org-form [aria-invalid=true][name=nps_link_days]');
  await page.fill('#org-form input[name=nps_link_days]', '7');
  await page.click('#org-form button.btn-primary');
  await page.waitForSelector('#org-form [role=status]');
  assert.equal((await apiGet(page, '/api/v1/org')).body.settings.nps_link_days, 7);
  await shot(page, '166-nps-settings');
  const client = (await apiGet(page, q('month'))).body.detractors[0].client_id;
  const link = await page.evaluate(async (id) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1/clients/${id}/nps/link`, { method: 'POST', body: '{}',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token } });
    return r.json();
  }, client);
  const days = (Date.parse(link.expires_at) - Date.now()) / 86400000;
  assert.ok(days > 6.9 && days < 7.1, `${link.expires_at}: ${days} days`);
});
