// settings.test.mjs - the admin's settings, the plans views and the error
// paths in a real browser: add a user (the generated password shown once),
// change their role; mark and unmark a holiday; create an API token that
// works with Bearer, revoke it and see it refused; the org form names a
// bad field; the plan by week and by day matches the API; the reverse
// funnel shows the API's needs; the funnel filters by channel; the hygiene
// list links to the deal by its store id; a move the server refuses puts
// the card back and shows the error; a pipeline created (a duplicate name
// refused on the field); teams listed, created and renamed (a duplicate
// named on the field); one's own password changed only with the current
// one. A screenshot of every screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, signIn, signOut, apiGet, shot, digits, YEAR, LOGINS, expectInvalid, expectNeeds, visit } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); await signIn(b.page, 'admin'); });
after(async () => { if (b) await b.close(); });

/* A write from the page (its cookie and CSRF token): {status, body}. */
async function apiSend(page, method, path, body) {
  return page.evaluate(async ([m, p, data]) => {
    const me = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
    const r = await fetch(p, { method: m, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: data === undefined ? undefined : JSON.stringify(data) });
    let out = null;
    try { out = await r.json(); } catch { /* empty */ }
    return { status: r.status, body: out };
  }, [method, path, body]);
}

async function poll(fn, what) {
  for (let i = 0; i < 60; i++) { if (await fn()) return; await new Promise((r) => setTimeout(r, 100)); }
  assert.fail(`timed out: ${what}`);
}

test('settings: add a user with a generated password, change the role, disable', async () => {
  const { page } = b;
  await visit(page, `/settings`, '#users-table tbody tr');
  assert.equal(await page.textContent('h1'), 'Настройки');
  // an empty email is refused naming the field, with the focus on it
  await page.fill('#user-add input[name=name]', 'Пётр <b>Новиков</b>');
  await page.click('#user-add button');
  await expectInvalid(page, '#user-add input[name=email]', 'email');
  assert.match(await page.textContent('#user-add .form-error'), /Эл\. почта/);
  const email = `petr${Date.now()}@example.com`;
  await page.fill('#user-add input[name=email]', email);
  await page.press('#user-add input[name=email]', 'Enter');
  await page.waitForSelector('#user-secret .secret-value');
  const pw = (await page.textContent('#user-secret .secret-value')).trim();
  assert.ok(pw.length >= 8, 'a generated password is shown');
  const row = page.locator(`#users-table tr[data-email="${email}"]`);
  await row.waitFor();
  // the name is text, never markup
  assert.match(await row.locator('th').textContent(), /<b>Новиков<\/b>/);
  assert.equal(await page.locator('#users-table b').count(), 0);
  await shot(page, '10-settings-users');
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const u = users.find((x) => x.email === email);
  assert.equal(u.role, 'manager');
  await row.locator('select[name=role]').selectOption('head');
  await poll(async () => (await apiGet(page, `/api/v1/users/${u.id}`)).body.role === 'head', 'the role changed');
  await row.locator('button', { hasText: 'Отключить' }).click();
  await poll(async () => (await apiGet(page, `/api/v1/users/${u.id}`)).body.active === false, 'disabled');
  await row.locator('.badge-bad').waitFor();
  assert.deepEqual(b.errors, []);
});

test('settings: mark a holiday and remove it; the org form names a bad field', async () => {
  const { page } = b;
  await visit(page, `/settings?tab=calendar`, '#holiday-add');
  const year = YEAR + 1;
  const day = `${year}-07-15`;
  await page.fill('#holiday-add input[name=date]', day);
  await page.fill('#holiday-add input[name=name]', 'День компании');
  await page.click('#holiday-add button');
  await page.waitForSelector(`#holidays-table tr[data-date="${day}"]`);
  assert.equal(await page.inputValue('#cal-year'), String(year));
  const list = (await apiGet(page, `/api/v1/holidays?year=${year}`)).body.items;
  const h = list.find((x) => x.date === day);
  assert.equal(h.kind, 'holiday');
  assert.equal(h.name, 'День компании');
  await page.locator('.cal-day.mark-holiday').first().waitFor();
  await shot(page, '11-settings-calendar');
  await page.click(`#holidays-table tr[data-date="${day}"] button`);
  await poll(async () => !(await apiGet(page, `/api/v1/holidays?year=${year}`)).body.items.some((x) => x.date === day), 'removed');
  await page.waitForSelector(`#holidays-table tr[data-date="${day}"]`, { state: 'detached' });

  await visit(page, `/settings?tab=org`, '#org-form');
  await page.fill('#org-form input[name=tz]', 'Mars/Olympus');
  await page.click('#org-form button.btn-primary');
  await page.waitForSelector('#org-form .form-error');
  await expectInvalid(page, '#org-form input[name=tz]', 'tz');
  await page.fill('#org-form input[name=tz]', 'Europe/Moscow');
  await page.fill('#org-form input[name=stale_days]', '0');
  await page.click('#org-form button.btn-primary');
  await expectInvalid(page, '#org-form input[name=stale_days]');
  await page.fill('#org-form input[name=stale_days]', '21');
  await page.click('#org-form button.btn-primary');
  await page.waitForSelector('#org-form [role=status]');
  assert.equal((await apiGet(page, '/api/v1/org')).body.settings.stale_days, 21);
  await shot(page, '12-settings-org');

  // e-mail reminders: a bad server address is named, a good one saved, the
  // password never shown again, a refused test letter explained
  await visit(page, `/settings?tab=mail`, '#mail-form');
  await page.fill('#mail-form input[name=url]', 'http://mail.example.com');
  await page.fill('#mail-form input[name=from]', 'crm@example.com');
  await page.click('#mail-form button.btn-primary');
  await page.waitForSelector('#mail-form .form-error');
  await expectInvalid(page, '#mail-form input[name=url]', 'url');
  await page.fill('#mail-form input[name=url]', 'smtp://127.0.0.1:9');
  await page.fill('#mail-form input[name=password]', 'секрет');
  await page.uncheck('#mail-form input[name=starttls]');
  await page.click('#mail-form button.btn-primary');
  await page.waitForSelector('#mail-form [role=status]');
  const mail = (await apiGet(page, '/api/v1/org/mail')).body;
  assert.equal(mail.url, 'smtp://127.0.0.1:9');
  assert.equal(mail.password_set, true);
  assert.equal(mail.password, undefined);
  assert.equal(await page.inputValue('#mail-form input[name=password]'), '');
  await page.click('#mail-test');
  await page.waitForSelector('#mail-form .form-error');
  await shot(page, '12-settings-mail');

  await visit(page, `/settings?tab=pipelines`, '.stages-table tbody tr');
  await shot(page, '13-settings-pipelines');
  assert.deepEqual(b.errors, []);
});

test('settings: a stage added, renamed and moved up', async () => {
  const { page } = b;
  await page.goto(`${BASE}/settings?tab=pipelines`);
  const card = page.locator('section.pipeline').first();
  await card.waitFor();
  const pid = Number(await card.getAttribute('data-pipeline'));
  const before = (await apiGet(page, '/api/v1/pipelines')).body.items.find((p) => p.id === pid).stages.length;
  await card.locator('form[id^=stage-add] input[name=max_days]').fill('x');
  await card.locator('form[id^=stage-add] input[name=name]').fill('Проверка');
  await card.locator('form[id^=stage-add] button').click();
  assert.equal(await card.locator('form[id^=stage-add] input[name=max_days]').getAttribute('aria-invalid'), 'true');
  await card.locator('form[id^=stage-add] input[name=max_days]').fill('4');
  await card.locator('form[id^=stage-add] button').click();
  await poll(async () => (await apiGet(page, '/api/v1/pipelines')).body.items.find((p) => p.id === pid).stages.length === before + 1, 'added');
  const stages = (await apiGet(page, '/api/v1/pipelines')).body.items.find((p) => p.id === pid).stages;
  const st = stages[stages.length - 1];
  assert.equal(st.name, 'Проверка');
  assert.equal(st.max_days, 4);
  const tr = card.locator(`tr[data-stage="${st.id}"]`);
  await tr.waitFor();
  await tr.locator('input[name=name]').fill('Проверка документов');
  await tr.locator('input[name=name]').press('Enter');
  await poll(async () => (await apiGet(page, '/api/v1/pipelines')).body.items.find((p) => p.id === pid)
    .stages.some((s) => s.id === st.id && s.name === 'Проверка документов'), 'renamed');
  await tr.locator('button[aria-label="Выше"]').click();
  await poll(async () => (await apiGet(page, '/api/v1/pipelines')).body.items.find((p) => p.id === pid)
    .stages.find((s) => s.id === st.id).position === before, 'moved up');
  assert.deepEqual(b.errors, []);
});

test('settings: an API token works until it is revoked', async () => {
  const { page } = b;
  await visit(page, `/settings?tab=tokens`, '#token-add');
  await page.fill('#token-add input[name=name]', 'Телефония');
  // read and reports only, for 30 days
  assert.ok(await page.isChecked('#token-add input[name=scope-write]'), 'write is a default scope');
  assert.ok(!(await page.isChecked('#token-add input[name=scope-admin]')), 'admin is not');
  await page.uncheck('#token-add input[name=scope-write]');
  await page.fill('#token-add input[name=expires_in_days]', '30');
  await page.click('#token-add button');
  await page.waitForSelector('#token-secret .secret-value');
  const secret = (await page.textContent('#token-secret .secret-value')).trim();
  assert.ok(secret.length >= 16);
  const bearer = (s) => fetch(`${BASE}/api/v1/users`, { headers: { Authorization: `Bearer ${s}` } });
  assert.equal((await bearer(secret)).status, 200, 'the new token works');
  const write = await fetch(`${BASE}/api/v1/clients`, {
    method: 'POST', headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'ООО Проба' }) });
  assert.equal(write.status, 403, 'no write scope');
  const row = page.locator('#tokens-table tbody tr', { hasText: 'Телефония' }).first();
  await row.waitFor();
  assert.equal((await row.locator('.token-scopes').textContent()).trim(), 'чтение, отчёты');
  assert.doesNotMatch(await row.locator('.token-expires').textContent(), /бессрочно/);
  const listed = (await apiGet(page, '/api/v1/tokens')).body.items.find((x) => x.name === 'Телефония');
  assert.deepEqual(listed.scopes, ['read', 'reports']);
  assert.ok(listed.expires_at, 'an expiry');
  await shot(page, '14-settings-tokens');
  await row.locator('button', { hasText: 'Отозвать' }).click();
  await row.locator('button', { hasText: 'Да, отозвать' }).click();
  await page.locator('#tokens-table tbody tr.inactive', { hasText: 'Телефония' }).first().waitFor();
  assert.equal((await bearer(secret)).status, 401, 'the revoked token is refused');
  assert.deepEqual(b.errors, []);
});

test('plans: by week and by day, the API\'s figures; the reverse funnel', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, `/plans`, '#plan-days-table');
  const period = await page.inputValue('input[type=month]');
  const wk = (await apiGet(page, `/api/v1/plans/days?period=${period}&metric=revenue&by=week`)).body;
  assert.ok(wk.rows.length > 0, 'the demo has plans');
  assert.equal(await page.locator('#plan-days-table thead th').count(), wk.columns.length + 2);
  const org = wk.rows.find((r) => r.scope_kind === 'org') || null;
  if (org) {
    const cells = await page.locator('#plan-days-table tfoot td').allTextContents();
    org.parts.forEach((v, i) => assert.equal(digits(cells[i]), v ? String(Math.round(v / 100)) : '', `week ${i}`));
  }
  const user = wk.rows.find((r) => r.scope_kind === 'user');
  const ucells = await page.locator(`#plan-days-table tbody tr[data-scope="${user.scope}"] td`).allTextContents();
  assert.equal(digits(ucells[ucells.length - 1]), String(Math.round(user.target / 100)));
  await shot(page, '15-plans-week', { fullPage: true });
  await page.click('#plan-days .tab >> text=По дням');
  await page.waitForSelector('#plan-days-table.by-day');
  const dy = (await apiGet(page, `/api/v1/plans/days?period=${period}&metric=revenue&by=day`)).body;
  assert.ok(dy.columns.length >= 28);
  assert.equal(await page.locator('#plan-days-table thead th').count(), dy.columns.length + 2);

  // the reverse funnel: both fields named when missing, then the API's needs
  await page.click('#plan-reverse button');
  await expectInvalid(page, '#plan-reverse select[name=user]');
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const m = users.find((x) => x.role === 'manager' && x.active);
  await page.selectOption('#plan-reverse select[name=user]', String(m.id));
  await page.click('#plan-reverse button');
  await expectInvalid(page, '#plan-reverse input[name=revenue]');
  await page.fill('#plan-reverse input[name=revenue]', '1 500 000');
  await page.press('#plan-reverse input[name=revenue]', 'Enter');
  await page.waitForSelector('#reverse-result');
  const rev = (await apiGet(page, `/api/v1/plans/reverse?user=${m.id}&revenue=150000000&period=${period}`)).body;
  await expectNeeds(page, '#reverse-result', rev);
  await shot(page, '16-plans-reverse', { fullPage: true });
  assert.deepEqual(b.errors, []);
});

test('funnel: filtered by a channel from the data', async () => {
  const { page } = b;
  await visit(page, `/funnel`, '#funnel-groups');
  const sel = page.locator('#funnel-filters select[name=channel]');
  await page.waitForFunction(() => document.querySelectorAll('#funnel-filters select[name=channel] option').length > 1);
  const ch = await sel.locator('option').nth(1).getAttribute('value');
  await sel.selectOption(ch);
  await page.waitForURL(/channel=/);
  const period = await page.inputValue('input[type=month]');
  const api = (await apiGet(page, `/api/v1/reports/funnel?period=${period}&by=user&channel=${encodeURIComponent(ch)}`)).body;
  const size = api.groups.reduce((a, g) => a + g.size, 0);
  await page.waitForSelector('#funnel-groups');
  const cells = await page.locator('#funnel-groups tbody tr td:nth-child(2)').allTextContents();
  assert.equal(cells.reduce((a, c) => a + Number(digits(c) || 0), 0), size);
  await shot(page, '17-funnel-filtered');
  assert.deepEqual(b.errors, []);
});

test('hygiene: a deal links to its card by the store id', async () => {
  const { page } = b;
  await visit(page, `/hygiene`, '#hyg-deals tbody tr');
  const rep = (await apiGet(page, '/api/v1/reports/hygiene?list=1')).body;
  const d = rep.list.deals[0];
  assert.equal(typeof d.deal_id, 'number');
  const a = page.locator('#hyg-deals tbody tr a').first();
  assert.equal(await a.getAttribute('href'), `/deals/${d.deal_id}`);
  await a.click();
  await page.waitForSelector('.deal-page');
  assert.equal((await apiGet(page, `/api/v1/deals/${d.deal_id}`)).status, 200);
  assert.deepEqual(b.errors, []);
});

test('board: a move the server refuses puts the card back and shows the error', async () => {
  const { page } = b;
  await visit(page, `/board`, '#board .deal-card');
  const cols = page.locator('#board .board-col');
  const from = cols.nth(0);
  const to = cols.nth(1);
  const fromStage = Number(await from.getAttribute('data-stage'));
  const card = from.locator('.deal-card').first();
  const id = Number(await card.getAttribute('data-deal'));
  // someone wins the deal meanwhile: the server refuses to move it
  const won = await apiSend(page, 'POST', `/api/v1/deals/${id}/win`, {});
  assert.equal(won.status, 200, JSON.stringify(won.body));
  await card.dragTo(to);
  await page.waitForSelector('.state-error');
  // the refusal in Russian (the server's message_ru), not its English message
  const shown = await page.textContent('.state-error');
  assert.ok(shown.includes('Сделка уже выиграна'), shown);
  assert.ok(!shown.includes('the deal is won already'), shown);
  await page.waitForSelector(`.board-col[data-stage="${fromStage}"] .deal-card[data-deal="${id}"]`);
  const deal = (await apiGet(page, `/api/v1/deals/${id}`)).body;
  assert.equal(deal.stage_id, fromStage);
  assert.equal(deal.status, 'won');
  await shot(page, '08-board-error');
});

test('settings: a pipeline created; a duplicate name refused on the field', async () => {
  const { page } = b;
  await signOut(b);   // the plans test signed in as the head
  await signIn(page, 'admin');
  await visit(page, `/settings?tab=pipelines`, 'section.pipeline');
  // an empty name is named and focused, nothing sent
  await page.click('#pipeline-add button');
  await expectInvalid(page, '#pipeline-add input[name=name]', 'name');
  const name = `Партнёры ${Date.now()}`;
  await page.fill('#pipeline-add input[name=name]', name);
  await page.press('#pipeline-add input[name=name]', 'Enter');
  await page.locator('section.pipeline h2', { hasText: name }).waitFor();
  const made = (await apiGet(page, '/api/v1/pipelines')).body.items.filter((p) => p.name === name);
  assert.equal(made.length, 1);
  assert.equal(await page.inputValue('#pipeline-add input[name=name]'), '');
  // the same name again: the API's 409 message on the field, the focus on it
  await page.fill('#pipeline-add input[name=name]', name);
  await page.press('#pipeline-add input[name=name]', 'Enter');
  await page.waitForSelector('#pipeline-add .form-error');
  await expectInvalid(page, '#pipeline-add input[name=name]', 'name');
  const dup = await apiSend(page, 'POST', '/api/v1/pipelines', { name });
  assert.equal(dup.status, 409);
  const msg = await page.textContent('#pipeline-add .form-error');
  // the server's Russian text (message_ru), not its English message
  assert.equal(dup.body.error.message_id, 'config.exists');
  assert.equal(dup.body.error.message_ru, `В организации уже есть воронка «${name}»`);
  assert.ok(msg.includes(dup.body.error.message_ru), msg);
  assert.ok(!msg.includes(dup.body.error.message), msg);
  assert.match(msg, /Название воронки/);
  assert.equal((await apiGet(page, '/api/v1/pipelines')).body.items.filter((p) => p.name === name).length, 1);
  await shot(page, '18-settings-pipeline-dup');
  assert.deepEqual(b.errors, []);
});

test('settings: teams listed, created and renamed; a duplicate is named on the field', async () => {
  const { page } = b;
  await visit(page, `/settings?tab=teams`, '#teams-table tbody tr');
  const teams = (await apiGet(page, '/api/v1/teams')).body.items;
  assert.equal(await page.locator('#teams-table tbody tr').count(), teams.length);
  const first = teams[0];
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const members = users.filter((u) => u.active && u.team === first.name).length;
  const cells = await page.locator(`#teams-table tr[data-team="${first.id}"] td`).allTextContents();
  assert.equal(digits(cells[cells.length - 1]), String(members));
  // create
  const name = `Команда ${Date.now()}`;
  await page.fill('#team-add input[name=name]', name);
  await page.press('#team-add input[name=name]', 'Enter');
  let made;
  await poll(async () => { made = (await apiGet(page, '/api/v1/teams')).body.items.find((x) => x.name === name); return !!made; }, 'created');
  const row = page.locator(`#teams-table tr[data-team="${made.id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('input[name=name]').inputValue(), name);
  // rename with the keyboard
  const renamed = `${name} Юг`;
  await row.locator('input[name=name]').fill(renamed);
  await row.locator('input[name=name]').press('Enter');
  await poll(async () => (await apiGet(page, '/api/v1/teams')).body.items.find((x) => x.id === made.id).name === renamed, 'renamed');
  // renamed to an existing team's name: refused, named on the field
  await row.locator('input[name=name]').fill(first.name);
  await row.locator('input[name=name]').press('Enter');
  await row.locator('.form-error').waitFor();
  assert.equal(await row.locator('input[name=name]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), `team-name-${made.id}`);
  const dup = await apiSend(page, 'PATCH', `/api/v1/teams/${made.id}`, { name: first.name });
  assert.equal(dup.status, 409);
  const msg = await row.locator('.form-error').textContent();
  assert.ok(dup.body.error.message_ru, JSON.stringify(dup.body));
  assert.ok(msg.includes(dup.body.error.message_ru), msg);
  assert.match(msg, /Название команды/);
  assert.equal((await apiGet(page, '/api/v1/teams')).body.items.find((x) => x.id === made.id).name, renamed);
  // a new team of a duplicate name: refused on the add form's field
  await page.fill('#team-add input[name=name]', renamed);
  await page.press('#team-add input[name=name]', 'Enter');
  await page.waitForSelector('#team-add .form-error');
  await expectInvalid(page, '#team-add input[name=name]');
  await shot(page, '19-settings-teams');
  assert.deepEqual(b.errors, []);
});

test('settings: one\'s own password asks for the current one, another\'s does not', async () => {
  const { page } = b;
  const admin = LOGINS.admin[0];
  await visit(page, `/settings`, '#users-table tbody tr');
  // someone else's row: a new password only
  const other = page.locator('#users-table tbody tr[data-email]:not([data-email="' + admin.email + '"])').first();
  await other.locator('button', { hasText: 'Пароль' }).click();
  await page.waitForSelector('.pw-form');
  assert.equal(await page.locator('.pw-form input[name=current_password]').count(), 0);
  await page.locator('.pw-form button', { hasText: 'Отмена' }).click();
  // one's own row: the current password first, in Russian
  const own = page.locator(`#users-table tr[data-email="${admin.email}"]`);
  await own.locator('button', { hasText: 'Пароль' }).click();
  await page.waitForSelector('.pw-form input[name=current_password]');
  assert.match(await page.textContent('.pw-form'), /Текущий пароль/);
  // a wrong current password: refused by the server, named on the field
  await page.fill('.pw-form input[name=current_password]', 'not-the-password');
  await page.fill('.pw-form input[name=password]', admin.password);
  await page.press('.pw-form input[name=password]', 'Enter');
  await page.waitForSelector('.pw-form .form-error');
  assert.match(await page.textContent('.pw-form .form-error'), /Текущий пароль/);
  await expectInvalid(page, '.pw-form input[name=current_password]', 'current_password');
  await shot(page, '26-settings-own-password');
  // the right one (the same password again, so the other tests still sign in)
  await page.fill('.pw-form input[name=current_password]', admin.password);
  await page.fill('.pw-form input[name=password]', admin.password);
  await page.press('.pw-form input[name=password]', 'Enter');
  await page.waitForSelector('.pw-form .txt-good');
  assert.equal(b.errors.length, 0, b.errors.join('\n'));
});

test('settings: the head of sales manages the pipelines, the calendar and the webhooks, and loads the production calendar of a year', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, '/settings', '.settings .tab');
  const tabs = (await page.locator('.settings .tab').allTextContents()).map((s) => s.trim());
  assert.deepEqual(tabs, ['Воронки и этапы', 'Производственный календарь', 'Вебхуки']);
  await page.locator('.settings .tab', { hasText: 'Производственный календарь' }).click();
  await page.waitForSelector('#cal-load');
  await page.selectOption('#cal-year', String(YEAR));
  page.once('dialog', (d) => d.accept());
  await page.click('#cal-load');
  await page.waitForSelector('#cal-loaded');
  assert.match(await page.locator('#cal-loaded').textContent(), new RegExp(`Загружен календарь ${YEAR}`));
  const marks = (await apiGet(page, `/api/v1/holidays?year=${YEAR}`)).body.items;
  assert.ok(marks.some((h) => h.date === `${YEAR}-01-01` && h.kind === 'holiday'));
  assert.ok(marks.some((h) => h.date === `${YEAR}-11-04` && h.kind === 'holiday'));
  await shot(page, '27-settings-head-calendar');
  await signOut(b);
  await signIn(page, 'admin');
});
