// manager_card.test.mjs - the manager's card brings it together (issue 14,
// item 8): the head opens a manager's card and sees the plan-fact of six
// months, the funnel against the department (reports/funnel?versus=team:
// each step's conversion side by side, the step lost most on named), CRM
// hygiene beside the department's and the call reviews; every figure is
// the API's. A manager sees their own card and not a colleague's; the card
// fits 390x844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, shot, visit, noSideScroll, onPhone, digits, LOGINS, MONTH, monthAfter } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

/* The user of email as the signed-in page sees it. */
async function userOf(page, email) {
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const u = users.find((x) => x.email === email);
  assert.ok(u, email);
  return u;
}

/* "2026-02" -> "2026-02-28". */
function lastDay(m) {
  return new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
}

/* A conversion as the card prints it: whole percent, Russian style. */
const pct0 = (x) => (x == null ? '—' : `${Math.round(x * 100)}\u00a0%`);

test('head: a manager\'s card, every section the API\'s figures', async () => {
  const { page } = b;
  await signIn(page, 'head');
  const email = LOGINS.manager[0].email;
  const u = await userOf(page, email);
  await visit(page, `/managers/${u.id}`, '#mgr-history');

  // six months up to this one; each month's figures are the plan-fact's
  const months = await page.$$eval('#mgr-history tbody tr', (rows) => rows.map((r) => r.dataset.month));
  assert.deepEqual(months, [-5, -4, -3, -2, -1, 0].map((k) => monthAfter(k)));
  for (const m of [MONTH, monthAfter(-2)]) {
    const pf = (await apiGet(page, `/api/v1/reports/plan-fact?period=${m}&scope=user:${encodeURIComponent(email)}`)).body;
    const row = pf.rows.find((r) => r.email === email);
    const cells = await page.$$eval(`#mgr-history tr[data-month="${m}"] td`, (tds) => tds.map((td) => td.textContent));
    assert.equal(digits(cells[1]), String(Math.round(row.metrics.revenue.fact / 100)), `${m} revenue`);
    assert.equal(digits(cells[3]), String(row.metrics.deals_won.fact), `${m} deals won`);
    assert.equal(digits(cells[4]), String(row.metrics.calls.fact), `${m} calls`);
  }

  // the funnel: the last three months' cohort, the manager's and the department's
  await page.waitForSelector('#mgr-funnel');
  const from = `${monthAfter(-2)}-01`, to = lastDay(MONTH);
  const f = (await apiGet(page, `/api/v1/reports/funnel?from=${from}&to=${to}&user=${encodeURIComponent(email)}&versus=team`)).body;
  const mine = f.groups[0], team = f.team;
  assert.ok(mine.size > 0 && team.size > mine.size, JSON.stringify([mine.size, team.size]));
  const rows = await page.$$eval('#mgr-funnel tbody tr:not(.total)', (trs) => trs.map((tr) => ({
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent), diff: tr.dataset.diff, worst: tr.classList.contains('mgr-worst') })));
  assert.equal(rows.length, mine.stages.length);
  let worst = null;
  mine.stages.forEach((s, i) => {
    assert.equal(digits(rows[i].cells[0]), String(s.reached), `reached at ${s.stage}`);
    assert.equal(rows[i].cells[1], pct0(s.conv_next), `the manager at ${s.stage}`);
    assert.equal(rows[i].cells[2], pct0(team.stages[i].conv_next), `the department at ${s.stage}`);
    if (s.conv_next != null && team.stages[i].conv_next != null) {
      const d = (s.conv_next - team.stages[i].conv_next) * 100;
      assert.equal(rows[i].diff, d.toFixed(1));
      if (d < 0 && (!worst || d < worst.d)) worst = { i, d };
    }
  });
  // the step lost most on is marked and named
  assert.deepEqual(rows.map((r) => r.worst), rows.map((_, i) => worst != null && i === worst.i));
  if (worst) assert.match(await page.textContent('#mgr-funnel-worst'), new RegExp(mine.stages[worst.i].stage));

  // hygiene: the manager's score beside the department's
  const h = (await apiGet(page, '/api/v1/reports/hygiene')).body;
  const hrow = h.rows.find((r) => r.scope === 'user' && r.email === email);
  await page.waitForSelector('#mgr-hygiene-score');
  const score = (await page.textContent('#mgr-hygiene-score')).replace(/\s/g, '').replace(',', '.');
  assert.equal(Number(score), Math.round(hrow.hygiene_score * 10) / 10);
  assert.equal(digits(await page.textContent('#mgr-hygiene tr[data-flag="stale"] td')), String(hrow.stale));

  // call reviews: the count of the last six months, or that there are none
  const rv = (await apiGet(page, `/api/v1/reviews/summary?user_id=${u.id}&from=${monthAfter(-5)}-01`)).body;
  if (rv.count) assert.equal(digits(await page.textContent('#mgr-reviews-count')), String(rv.count));
  else await page.waitForSelector('#mgr-reviews-none');
  await shot(page, '260-manager-card-head', { fullPage: true });
  assert.equal(await page.$('#mgr-forbidden'), null);
  await signOut(b);
});

test('manager: their own card, not a colleague\'s; 390x844', async () => {
  const { page } = b;
  await signIn(page, 'manager');
  const me = await userOf(page, LOGINS.manager[0].email);
  // «Мой день» leads to it
  await visit(page, '/my-day', '#my-card');
  await page.click('#my-card');
  await page.waitForSelector('#mgr-funnel');
  assert.equal(new URL(page.url()).pathname, `/managers/${me.id}`);
  // the department's figures reach a manager too (the comparison is the point)
  assert.ok(await page.$$eval('#mgr-funnel tbody tr', (r) => r.length) > 1);
  await page.waitForSelector('#mgr-hygiene-score');
  await shot(page, '261-manager-card-own', { fullPage: true });
  await onPhone(page, async () => {
    await visit(page, `/managers/${me.id}`, '#mgr-funnel');
    await noSideScroll(page, 'the manager card at 390x844');
    await shot(page, '262-manager-card-phone');
  });
  const other = await userOf(page, LOGINS.manager[1].email);
  await visit(page, `/managers/${other.id}`, '#mgr-forbidden');
  assert.match(await page.textContent('#mgr-forbidden'), /недоступна/);
  assert.equal(await page.$('#mgr-history'), null, 'nothing of a colleague\'s');
  await signOut(b);
});
