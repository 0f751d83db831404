// key_accounts.test.mjs - «Ключевые клиенты» (issue 12, item 1) in a real
// browser on the demo company: the rows are the API's (names, facts, the
// link to the card), the head sets a plan inline and the API reads it back
// (and the pct the server computes is shown), a key account's contacts
// open on demand, the client card shows the key account's plan-fact of the
// month; a manager sees only their own key accounts; desktop and 390x844
// without horizontal page scroll. Screenshots 156-158 (159: clients_abc.test.mjs, who changed class).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, apiSend, shot, visit, noSideScroll, onPhone, digits, AS_OF, MONTH } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

const Q = `month=${MONTH}&as_of=${AS_OF}`;
const rub = (minor) => String(Math.round(minor / 100));

test('head: the rows, a plan set inline, contacts, the client card; fits a phone', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, `/key-accounts?${Q}`, '#ka-table tbody tr');
  const rep = (await apiGet(page, `/api/v1/key-accounts?${Q}`)).body;
  assert.ok(rep.clients.length > 3, 'the demo has key accounts');
  const rows = await page.$$eval('#ka-table tbody tr', (trs) => trs.map((tr) => [
    tr.querySelector('th a').textContent.trim(), tr.querySelector('th a').getAttribute('href'),
    tr.querySelector('.ka-fact').textContent.trim()]));
  assert.deepEqual(rows.map((r) => [r[0], r[1], digits(r[2])]),
    rep.clients.map((c) => [c.name, `/clients/${c.client_id}`, rub(c.fact)]));
  assert.equal(await page.$$eval('#ka-table svg.ka-bars', (s) => s.length), rep.clients.length);

  // a plan of 1 000 ₽ for the first key account, read back through the API
  const first = rep.clients[0];
  const row = `#ka-table tr[data-client="${first.client_id}"]`;
  await page.fill(`${row} input[name=target]`, '1000');
  await page.click(`${row} .ka-plan-form button`);
  const back = await apiUntilPlan(page, first.client_id, 100000);
  assert.equal(back.plan, 100000);
  assert.equal(back.pct, back.fact / 100000);
  await page.waitForFunction((sel) => document.querySelector(`${sel} input[name=target]`).value.replace(/\s/g, '').startsWith('1000'), row);
  // a bad amount is refused on the form
  await page.fill(`${row} input[name=target]`, 'много');
  await page.click(`${row} .ka-plan-form button`);
  await page.waitForSelector(`${row} .ka-plan-form .form-error`);
  // contacts on demand
  await page.click(`${row} .ka-contacts-btn`);
  const contacts = (await apiGet(page, `/api/v1/clients/${first.client_id}/contacts`)).body.items;
  if (contacts.length) {
    await page.waitForSelector(`${row} .ka-contacts li`);
    const names = await page.$$eval(`${row} .ka-contacts li strong`, (s) => s.map((x) => x.textContent.trim()));
    assert.deepEqual(names, contacts.map((p) => p.name));
  }
  await shot(page, '156-key-accounts-head');

  await onPhone(page, async () => {
    await visit(page, `/key-accounts?${Q}`, '#ka-table tbody tr');
    await noSideScroll(page, 'key-accounts at 390');
    await shot(page, '157-key-accounts-phone');
  });

  // the client card: the key account's plan-fact of the month
  await visit(page, `/clients/${first.client_id}`, '#client-ka');
  assert.equal(digits(await page.textContent('#client-ka-plan')), '1000');
  const now = (await apiGet(page, `/api/v1/key-accounts?month=${MONTH}`)).body.clients.find((c) => c.client_id === first.client_id);
  assert.equal(digits(await page.textContent('#client-ka-fact')), rub(now.fact));
  await shot(page, '158-client-key-account');

  // back as it was for the suites after this one
  const del = await apiSend(page, 'DELETE', `/api/v1/key-accounts/${first.client_id}/plans/${MONTH}`);
  assert.equal(del.status, 200);
});

async function apiUntilPlan(page, id, plan) {
  for (let i = 0; i < 50; i++) {
    const c = (await apiGet(page, `/api/v1/key-accounts?${Q}`)).body.clients.find((x) => x.client_id === id);
    if (c && c.plan === plan) return c;
    await page.waitForTimeout(100);
  }
  assert.fail(`the plan of ${id} never became ${plan}`);
  return null;
}

test('manager: only their own key accounts, the plan read only', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager');
  const me = (await apiGet(page, '/api/v1/session')).body;
  const rep = (await apiGet(page, `/api/v1/key-accounts?${Q}`)).body;
  for (const c of rep.clients) assert.equal(c.owner_id, me.user_id, c.name);
  if (!rep.clients.length) return;
  await visit(page, `/key-accounts?${Q}`, '#ka-table tbody tr');
  const names = await page.$$eval('#ka-table tbody tr th a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(names, rep.clients.map((c) => c.name));
  assert.equal(await page.$$eval('#ka-table input[name=target]', (s) => s.length), 0);
  await shot(page, '158-key-accounts-manager');
});
