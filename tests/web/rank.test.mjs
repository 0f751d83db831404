// rank.test.mjs - leaderboards and competitions (issue 11) in a real
// browser: «Рейтинг» as the head at desktop size and at 390x844 (its rows
// are the API's: ranks, names and figures; the pct toggle and the week
// follow the API too); a competition created through the head's form and
// its board (the API's standings, winners when final); the TV mode at
// 1920x1080 (no sidebar, a dark screen, type large enough for a room,
// checked by computed font size) and at 390 px; My day's block as a
// manager (the place is the API's rank; a running competition listed);
// the weekly and daily tabs of «Планёрка» (their competitions the API's);
// a competition changed through its form (PATCH with the version read, a
// stale one refused) and cancelled; the manager's card: the promise record
// by month and the open promises, the API's.
// The browser's clock is VO_AS_OF; the server keeps the real one, so the
// running competition's dates come from the server's own today.
// Screenshots 100-109.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, apiSend, shot, visit, noSideScroll, onPhone, digits, AS_OF, MONTH, LOGINS, monthAfter } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => {
  if (b) {
    assert.deepEqual(b.errors, [], 'no script errors');
    await b.close();
  }
});

/* The rows of the table at sel: [rank, name, value digits]. */
async function tableRows(page, sel) {
  return page.$$eval(`${sel} tbody tr`, (trs) => trs.map((tr) => {
    const c = [...tr.children].map((x) => x.textContent.trim());
    return [c[0].replace(/[^\d]/g, ''), c[1], c[c.length - 1]];
  }));
}

/* The API's rows in the same shape: money in whole roubles, a pct in
   tenths of a percent, counts as they are. */
function apiRows(rows, metric, isPct) {
  return rows.map((r) => [String(r.rank), r.name,
    isPct ? String(Math.round(r.value * 1000)) : ['revenue', 'payments', 'avg_check'].includes(metric)
      ? String(Math.round(r.value / 100)) : String(Math.round(r.value))]);
}
const shownDigits = (rows, isPct) => rows.map(([rank, name, v]) => [rank, name, isPct ? digits(v).replace(/^0+(?=\d)/, '') : digits(v)]);

test('head: the leaderboard is the API\'s, by fact, by pct, by week; fits a phone', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, '/leaderboard', '#rank-table tbody tr');
  const lb = (await apiGet(page, `/api/v1/reports/leaderboard?metric=revenue&period=month&as_of=${AS_OF}`)).body;
  assert.ok(lb.rows.length >= 3, JSON.stringify(lb));
  assert.equal(lb.from, `${MONTH}-01`);
  assert.deepEqual(shownDigits(await tableRows(page, '#rank-table')), apiRows(lb.rows, 'revenue', false));
  await shot(page, '100-leaderboard-head');

  // by pct: the API's pct board (users without a plan left out)
  await page.check('#rank-pct');
  await page.waitForFunction(() => /pct=1/.test(location.search));
  const pb = (await apiGet(page, `/api/v1/reports/leaderboard?metric=revenue&pct=1&period=month&as_of=${AS_OF}`)).body;
  if (pb.rows.length) {
    await page.waitForSelector('#rank-table th:has-text("% выполнения")');
    assert.deepEqual(shownDigits(await tableRows(page, '#rank-table'), true), apiRows(pb.rows, 'revenue', true));
  }
  await page.uncheck('#rank-pct');

  // a week of calls: the period line and the rows follow
  await page.selectOption('#rank-metric', 'calls');
  await page.selectOption('#rank-kind', 'week');
  const wk = (await apiGet(page, `/api/v1/reports/leaderboard?metric=calls&period=week&as_of=${AS_OF}`)).body;
  await page.waitForFunction((f) => document.querySelector('#rank-period') && document.querySelector('#rank-period').textContent.includes(f),
    wk.from.split('-').reverse().join('.'));
  assert.deepEqual(shownDigits(await tableRows(page, '#rank-table')), apiRows(wk.rows, 'calls', false));

  await onPhone(page, async () => {
    await visit(page, '/leaderboard', '#rank-table tbody tr');
    await noSideScroll(page, 'leaderboard at 390');
    await shot(page, '101-leaderboard-phone');
  });
});

let compId = null;

/* The server's today (it keeps the real clock): a board's as_of. */
async function serverToday(page) {
  return (await apiGet(page, '/api/v1/reports/leaderboard?metric=revenue')).body.as_of.slice(0, 10);
}
/* The date k days after d ("2026-12-03", 2 -> "2026-12-05"). */
function shift(d, k) {
  const x = new Date(`${d}T12:00:00Z`);
  x.setUTCDate(x.getUTCDate() + k);
  return x.toISOString().slice(0, 10);
}

test('head: a competition made through the form shows its board', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, '/competitions', '#comp-form');
  await page.fill('#comp-form input[name=name]', 'Ноябрьский спринт');
  await page.selectOption('#comp-form select[name=metric]', 'revenue');
  await page.fill('#comp-form input[name=first_day]', `${MONTH}-01`);
  await page.fill('#comp-form input[name=last_day]', `${MONTH}-30`);
  await page.fill('#comp-form input[name=prize]', 'Ужин в ресторане');
  await page.fill('#comp-form textarea[name=rules]', 'Кто больше выручки за ноябрь');
  await page.click('#comp-form button[type=submit]');
  const card = page.locator('article.comp', { hasText: 'Ноябрьский спринт' });
  await card.waitFor();
  compId = Number(await card.getAttribute('data-comp'));
  const c = (await apiGet(page, `/api/v1/competitions/${compId}`)).body;
  assert.equal(c.name, 'Ноябрьский спринт');
  assert.equal(c.prize, 'Ужин в ресторане');
  assert.deepEqual(c.participants, []);
  assert.ok(c.standings.length >= 3, JSON.stringify(c));
  await page.waitForSelector(`#comp-${compId}-table tbody tr`);
  assert.deepEqual(shownDigits(await tableRows(page, `#comp-${compId}-table`)), apiRows(c.standings, 'revenue', false));
  if (c.final) {
    // over by the server's clock: the winners are the rank-1 rows, frozen
    assert.ok(c.winners.length >= 1);
    assert.ok((await card.locator('.comp-winners').textContent()).includes(c.winners[0].name));
  }
  // the form refuses a period that ends before it starts, naming it
  await page.fill('#comp-form input[name=name]', 'Наоборот');
  await page.fill('#comp-form input[name=first_day]', `${MONTH}-20`);
  await page.fill('#comp-form input[name=last_day]', `${MONTH}-10`);
  await page.click('#comp-form button[type=submit]');
  await page.waitForSelector('#comp-form .form-error');
  assert.ok((await page.textContent('#comp-form .form-error')).includes('Окончание'));
  await shot(page, '102-competitions-head', { fullPage: true });
  await onPhone(page, async () => {
    await visit(page, '/competitions', `article.comp[data-comp="${compId}"]`);
    await noSideScroll(page, 'competitions at 390');
    await shot(page, '103-competitions-phone');
  });
});

test('TV: no sidebar, dark, large type at 1920x1080 and at 390 px', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await page.setViewportSize({ width: 1920, height: 1080 });
  try {
    await visit(page, '/tv', '#tv .tv-row');
    assert.equal(await page.locator('nav.sidebar').count(), 0, 'no sidebar');
    const look = await page.evaluate(() => {
      const row = getComputedStyle(document.querySelector('.tv-row'));
      const title = getComputedStyle(document.querySelector('#tv-title'));
      return { row: parseFloat(row.fontSize), title: parseFloat(title.fontSize), bg: getComputedStyle(document.querySelector('#tv')).backgroundColor };
    });
    assert.ok(look.row >= 48, `a row's type is ${look.row}px: readable across a room`);
    assert.ok(look.title >= 60, `the title is ${look.title}px`);
    assert.equal(look.bg, 'rgb(13, 20, 32)');
    // the first slide is the month's board: the API's leader first
    const lb = (await apiGet(page, `/api/v1/reports/leaderboard?metric=revenue&period=month&as_of=${AS_OF}`)).body;
    assert.equal((await page.textContent('.tv-row .tv-name')).trim(), lb.rows[0].name);
    await shot(page, '104-tv-1920');
  } finally {
    await page.setViewportSize({ width: 390, height: 844 });
  }
  try {
    await visit(page, '/tv', '#tv .tv-row');
    await noSideScroll(page, 'TV at 390');
    const fs = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.tv-row')).fontSize));
    assert.ok(fs >= 26, `a row's type at 390 px is ${fs}px`);
    await shot(page, '105-tv-phone');
  } finally {
    await page.setViewportSize({ width: 1360, height: 900 });
  }
});

test('manager: My day shows my place on the month\'s board and my running competition', async () => {
  const { page } = b;
  // a running competition by the server's clock: its today from a board's as_of
  await signOut(b);
  await signIn(page, 'head');
  const now = await serverToday(page);
  const made = await apiSend(page, 'POST', '/api/v1/competitions', { name: 'Спринт недели', metric: 'calls', first_day: shift(now, -3), last_day: shift(now, 3) });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.status, 'running');
  await signOut(b);

  await signIn(page, 'manager');
  const me = (await apiGet(page, '/api/v1/session')).body;
  await visit(page, '/my-day', '#myday-place');
  const lb = (await apiGet(page, `/api/v1/reports/leaderboard?metric=revenue&period=month&as_of=${AS_OF}`)).body;
  const mine = lb.rows.find((r) => r.user_id === me.user_id);
  assert.ok(mine, 'the manager is on the board');
  assert.equal(digits(await page.textContent('#myday-place')), `${mine.rank}${lb.rows.length}`);
  await page.waitForSelector(`#myday-comps li[data-comp="${made.body.id}"]`);
  const c = (await apiGet(page, `/api/v1/competitions/${made.body.id}`)).body;
  const place = c.standings.find((r) => r.id === me.user_id);
  assert.ok((await page.textContent(`#myday-comps li[data-comp="${made.body.id}"]`)).includes(`место ${place.rank} из ${c.standings.length}`));
  await page.locator('#myday-rank').scrollIntoViewIfNeeded();
  await shot(page, '106-myday-rank');
  await signOut(b);
});

test('head: the weekly report shows the week\'s revenue board and the running competitions', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, `/daily?kind=weekly&date=${AS_OF}`, '#review-rank-table tbody tr');
  const wk = (await apiGet(page, `/api/v1/reports/weekly?date=${AS_OF}`)).body;
  assert.ok(Array.isArray(wk.leaderboard) && wk.leaderboard.length >= 3, JSON.stringify(wk.leaderboard));
  assert.deepEqual(shownDigits(await tableRows(page, '#review-rank-table')), apiRows(wk.leaderboard, 'revenue', false));
  for (const c of wk.competitions) {
    await page.waitForSelector(`#review-comp-${c.id} tbody tr`);
    assert.deepEqual(shownDigits(await tableRows(page, `#review-comp-${c.id}`)), apiRows(c.standings, c.metric, c.pct));
  }
  await page.locator('#review-rank').scrollIntoViewIfNeeded();
  await shot(page, '107-weekly-rank');
});

test('head: the daily meeting shows the running competitions, the API\'s top 5', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, `/daily?kind=daily&date=${AS_OF}`, '#daily-comps');
  const da = (await apiGet(page, `/api/v1/reports/daily?date=${AS_OF}`)).body;
  // «Ноябрьский спринт» (made above, the month of AS_OF) runs at the meeting
  assert.ok(da.competitions.some((c) => c.id === compId), JSON.stringify(da.competitions));
  for (const c of da.competitions) {
    assert.ok(c.standings.length <= 5, JSON.stringify(c));
    await page.waitForSelector(`#daily-comp-${c.id} tbody tr`);
    assert.deepEqual(shownDigits(await tableRows(page, `#daily-comp-${c.id}`)), apiRows(c.standings, c.metric, c.pct));
  }
});

test('head: a competition is changed through its form (the prize on the board) and cancelled', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  // upcoming by the server's clock, so it can still be changed
  const now = await serverToday(page);
  const made = await apiSend(page, 'POST', '/api/v1/competitions', { name: 'Зимний спринт', metric: 'revenue', first_day: shift(now, 2), last_day: shift(now, 12), prize: 'Кино' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;
  await visit(page, '/competitions', `article.comp[data-comp="${id}"] .comp-edit`);
  await page.click(`article.comp[data-comp="${id}"] .comp-edit`);
  const form = `#comp-edit-${id}`;
  await page.waitForSelector(form);
  assert.equal(await page.inputValue(`${form} input[name=prize]`), 'Кино');
  assert.equal(await page.inputValue(`${form} input[name=name]`), 'Зимний спринт');
  await page.fill(`${form} input[name=prize]`, 'Ужин в ресторане');
  await page.fill(`${form} input[name=last_day]`, shift(now, 15));
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(form, { state: 'detached' });
  const card = `article.comp[data-comp="${id}"]`;
  await page.waitForFunction((sel) => (document.querySelector(sel) || {}).textContent?.includes('Ужин в ресторане'), `${card} .comp-prize`);
  const c = (await apiGet(page, `/api/v1/competitions/${id}`)).body;
  assert.equal(c.prize, 'Ужин в ресторане');
  assert.equal(c.last_day, shift(now, 15));
  assert.equal(c.version, made.body.version + 1);
  await page.locator(card).scrollIntoViewIfNeeded();
  await shot(page, '108-competition-edit');

  // a stale version is refused, the form says so and keeps the input
  const other = await apiSend(page, 'PATCH', `/api/v1/competitions/${id}`, { rules: 'Выручка', version: c.version });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  await page.click(`${card} .comp-edit`);
  await page.fill(`${form} input[name=prize]`, 'Кофе');
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(`${form} .form-error`);
  assert.equal((await apiGet(page, `/api/v1/competitions/${id}`)).body.prize, 'Ужин в ресторане');
  await page.click(`${form} button[type=button]:has-text("Отмена")`);
  await page.waitForSelector(form, { state: 'detached' });

  // cancelled (read afresh, at its current version): kept among the
  // cancelled, without the buttons
  await visit(page, '/competitions', `${card} .comp-cancel`);
  page.once('dialog', (d) => d.accept());
  await page.click(`${card} .comp-cancel`);
  await page.waitForSelector(`#comp-cancelled ${card}[data-status="cancelled"]`);
  assert.equal(await page.locator(`${card} .comp-edit`).count(), 0);
  assert.equal((await apiGet(page, `/api/v1/competitions/${id}`)).body.status, 'cancelled');
});

test('head: the manager\'s card shows their promise record and open promises', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'head');
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  const m = users.find((u) => u.email === LOGINS.manager[0].email);
  assert.ok(m, 'the manager is a user');
  // two promises due in the month of AS_OF: one kept by the head, one open
  const mk = async (text, day) => {
    const r = await apiSend(page, 'POST', '/api/v1/promises', { user_id: m.id, text, due_at: `${MONTH}-${day}` });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  const kept = await mk('Три КП заводу', '25');
  const open = await mk('Позвонить в «Ромашку»', '27');
  const res = await apiSend(page, 'POST', `/api/v1/promises/${kept}/resolve`, { status: 'kept' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  await visit(page, `/managers/${m.id}`, `#mgr-promises-record tr[data-month="${MONTH}"]`);
  const rec = (await apiGet(page, `/api/v1/promises/record?user_id=${m.id}&from_month=${monthAfter(-5)}&to_month=${MONTH}`)).body;
  assert.equal(rec.months.length, 6);
  const cur = rec.months.find((x) => x.month === MONTH);
  assert.ok(cur.kept >= 1 && cur.open >= 1, JSON.stringify(cur));
  // the card's rows are the API's: kept, not kept, open, kept %
  const shown = await page.$$eval('#mgr-promises-record tbody tr', (trs) => trs.map((tr) =>
    [tr.dataset.month, ...[...tr.querySelectorAll('td')].map((td) => td.textContent.trim())]))
    .then((rows) => rows.map((r) => [...r.slice(0, 4), r[4] === '—' ? r[4] : digits(r[4])]));
  assert.deepEqual(shown, rec.months.map((x) => [x.month, String(x.kept), String(x.broken), String(x.open),
    x.pct == null ? '—' : `${Math.round(x.pct * 100)}`]));
  const head = await page.$$eval('#mgr-promises-record thead th', (th) => th.map((x) => x.textContent.trim()));
  assert.deepEqual(head.slice(1), ['Выполнено', 'Не выполнено', 'Открыто', 'Выполнено, %']);
  // the open one listed, the kept one not
  await page.waitForSelector(`#mgr-promises-open li[data-id="${open}"]`);
  assert.ok((await page.textContent(`#mgr-promises-open li[data-id="${open}"]`)).includes('Позвонить в «Ромашку»'));
  assert.equal(await page.locator(`#mgr-promises-open li[data-id="${kept}"]`).count(), 0);
  const list = (await apiGet(page, `/api/v1/promises?user_id=${m.id}&status=open`)).body.items;
  assert.equal(await page.locator('#mgr-promises-open li').count(), list.length);
  await page.locator('[data-section="mgr.promises"]').scrollIntoViewIfNeeded();
  await shot(page, '109-manager-promises');
  await onPhone(page, async () => {
    await visit(page, `/managers/${m.id}`, '#mgr-promises-record tbody tr');
    await noSideScroll(page, 'the manager card with promises at 390x844');
  });
});
