// clients_abc.test.mjs - «Клиенты: ABC/XYZ» (issue 12, items 1 and 3) in a
// real browser on the demo company: the 3x3 matrix is the API's (clients
// and revenue per cell), a clicked cell lists exactly the API's clients of
// that cell (names linking to the card), the clients at risk are the
// API's, the task button makes a call task for the client's owner (read
// back through the API), the churn table is the API's; a manager sees only
// their own clients; desktop and 390x844 without horizontal page scroll.
// Screenshots 150-159.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, visit, noSideScroll, onPhone, digits, AS_OF } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

const ABC = ['A', 'B', 'C'];
const XYZ = ['X', 'Y', 'Z'];
const rub = (minor) => String(Math.round(minor / 100));

/* The matrix as shown: { AX: [clients digits, revenue digits], ... }. */
async function shownMatrix(page) {
  const out = {};
  for (const a of ABC) for (const x of XYZ) {
    const n = await page.textContent(`#abc-${a}${x} .abc-n`);
    const r = await page.textContent(`#abc-${a}${x} .abc-rev`);
    out[a + x] = [digits(n), digits(r)];
  }
  return out;
}

test('head: the matrix, a cell\'s clients, at risk with a task, churn; fits a phone', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, `/clients-abc?as_of=${AS_OF}`, '#abc-matrix');
  const rep = (await apiGet(page, `/api/v1/reports/abc-xyz?as_of=${AS_OF}`)).body;
  assert.ok(rep.clients.length > 10, 'the demo has paying clients');
  const want = {};
  for (const k of Object.keys(rep.matrix)) want[k] = [String(rep.matrix[k].clients), rub(rep.matrix[k].revenue)];
  assert.deepEqual(await shownMatrix(page), want);
  assert.equal(Object.values(rep.matrix).reduce((s, c) => s + c.clients, 0),
    rep.clients.filter((c) => c.abc && c.xyz).length);
  await shot(page, '150-clients-abc-head');

  // the fullest cell: its clients are the API's, in the API's order
  const cell = Object.keys(rep.matrix).sort((p, q) => rep.matrix[q].clients - rep.matrix[p].clients)[0];
  await page.click(`#abc-${cell}`);
  await page.waitForSelector('#abc-cell-clients tbody tr');
  const names = await page.$$eval('#abc-cell-clients tbody tr th a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
  const apiCell = rep.clients.filter((c) => c.abc && c.xyz && c.abc + c.xyz === cell);
  assert.deepEqual(names, apiCell.map((c) => [c.name, `/clients/${c.client_id}`]));
  assert.match(page.url(), new RegExp(`cell=${cell}`));
  await shot(page, '151-clients-abc-cell');

  // at risk: the API's rows; a task for the first one's owner
  const risk = (await apiGet(page, `/api/v1/reports/at-risk?as_of=${AS_OF}`)).body;
  assert.ok(risk.clients.length > 0, 'the demo has clients at risk');
  await page.waitForSelector('#risk-table tbody tr');
  const riskNames = await page.$$eval('#risk-table tbody tr th a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(riskNames, risk.clients.map((c) => c.name));
  const first = risk.clients[0];
  await page.click('#risk-table tbody tr:first-child .risk-task');
  await page.waitForSelector('#risk-table tbody tr:first-child .risk-made');
  const tasks = (await apiGet(page, `/api/v1/tasks?client_id=${first.client_id}&limit=50`)).body.items;
  const made = tasks.filter((x) => x.title.includes(`«${first.name}»`) && x.title.startsWith('Клиент под угрозой ухода'));
  assert.equal(made.length, 1, JSON.stringify(tasks.map((x) => x.title)));
  const users = (await apiGet(page, '/api/v1/users?limit=200')).body.items;
  const owner = users.find((u) => u.email === first.owner_email);
  assert.equal(made[0].assignee_id, owner.id);

  // churn: the API's months
  const churn = await page.$$eval('#churn-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((x) => x.textContent.trim())));
  assert.deepEqual(churn.map((r) => [r[0], digits(r[1]), digits(r[2])]),
    risk.churn.map((m) => [m.month, String(m.base), String(m.churned)]));
  await page.click('#risk h2');
  await shot(page, '152-clients-at-risk');

  await onPhone(page, async () => {
    await visit(page, `/clients-abc?as_of=${AS_OF}`, '#abc-matrix');
    await noSideScroll(page, 'clients-abc at 390');
    await shot(page, '153-clients-abc-phone');
  });
});

test('manager: only their own clients', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager');
  await visit(page, `/clients-abc?as_of=${AS_OF}`, '#abc-matrix');
  const rep = (await apiGet(page, `/api/v1/reports/abc-xyz?as_of=${AS_OF}`)).body;
  const all = await page.$$eval('#abc-clients tbody tr th a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(all, rep.clients.slice(0, 200).map((c) => c.name));
  // each listed client is the manager's own
  const me = (await apiGet(page, '/api/v1/session')).body;
  const meId = me.user_id;
  assert.ok(meId, JSON.stringify(me));
  assert.ok(rep.clients.length > 0, 'the manager has paying clients');
  for (const c of rep.clients.slice(0, 5)) {
    const card = (await apiGet(page, `/api/v1/clients/${c.client_id}`)).body;
    assert.equal(card.owner_id, meId, c.name);
  }
  await shot(page, '154-clients-abc-manager');
});

test('settings: the ABC basis and the at-risk days, refused out of bounds, saved, followed by the report', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'admin');
  await visit(page, '/settings?tab=org', '#org-form');
  assert.equal(await page.inputValue('#org-form input[name=at_risk_days]'), '90');
  assert.equal(await page.inputValue('#org-form select[name=abc_basis]'), 'payments');
  await page.fill('#org-form input[name=at_risk_days]', '0');
  await page.click('#org-form button.btn-primary');
  await page.waitForSelector('#org-form .form-error');
  assert.equal(await page.getAttribute('#org-form input[name=at_risk_days]', 'aria-invalid'), 'true');
  await page.fill('#org-form input[name=at_risk_days]', '60');
  await page.selectOption('#org-form select[name=abc_basis]', 'revenue');
  await page.click('#org-form button.btn-primary');
  await page.waitForSelector('#org-form [role=status]');
  const s = (await apiGet(page, '/api/v1/org')).body.settings;
  assert.equal(s.at_risk_days, 60);
  assert.equal(s.abc_basis, 'revenue');
  assert.equal((await apiGet(page, `/api/v1/reports/at-risk?as_of=${AS_OF}`)).body.days, 60);
  assert.equal((await apiGet(page, `/api/v1/reports/abc-xyz?as_of=${AS_OF}`)).body.basis, 'revenue');
  await shot(page, '155-settings-clients');
  // back to the defaults for the suites after this one
  await page.fill('#org-form input[name=at_risk_days]', '90');
  await page.selectOption('#org-form select[name=abc_basis]', 'payments');
  await page.click('#org-form button.btn-primary');
  await page.waitForFunction(() => document.querySelector('#org-form [role=status]'));
  const back = (await apiGet(page, '/api/v1/org')).body.settings;
  assert.equal(back.at_risk_days, 90);
  assert.equal(back.abc_basis, 'payments');
});

test('head: who changed class, the downgrades first, as the API says (issue 12, item 2)', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, `/clients-abc?as_of=${AS_OF}`, '#abc-moved');
  const rep = (await apiGet(page, `/api/v1/reports/abc-xyz?as_of=${AS_OF}&history=1`)).body;
  assert.equal(rep.history.months.length, 12);
  const shown = await page.$$eval('#abc-moved-table tbody tr', (trs) => trs.map((tr) => [
    tr.querySelector('th a').textContent.trim(), tr.children[1].textContent.trim(), tr.children[2].textContent.trim()]));
  const none = 'без класса';
  assert.deepEqual(shown, rep.moved.slice(0, 100).map((m) => [m.name, m.from || none, m.to || none]));
  assert.ok(rep.moved.length > 0, 'the demo has clients that changed class');
  const rank = (c) => (c ? c.charCodeAt(0) : 68);
  const downs = rep.moved.map((m) => rank(m.to) > rank(m.from));
  assert.equal(downs.indexOf(false) === -1 ? downs.length : downs.indexOf(false), downs.filter(Boolean).length, 'downgrades first');
  await page.click('#abc-moved h2');
  await shot(page, '159-clients-abc-moved');
});
