// board.test.mjs - the deals board in a real browser, as a head and as a
// manager, at desktop size and at 390x844: the pipeline switcher changes
// the columns (and stays in the address); each column's count and sum are
// the API's (GET /api/v1/board, aggregates over every open deal); a column
// scrolled to its end loads more cards, none twice; a card dragged onto the
// Won zone opens the confirmation and, confirmed, is won, the column's
// figures following; "только зависшие" keeps the stuck; a manager's owner
// filter offers only themself and their board is their own deals.
//
// The head's pipeline "Доска-тест" is made here through the API: 25 deals
// of 1 000,00 ₽ (minor units 100000) in its first stage, so the figures are
// known by hand: 25 deals, 25 000,00 ₽; 20 cards shown, 5 more loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, apiSend, shot, visit, noSideScroll, digits } from './browser.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

/* The board's columns as shown: stage id, count and sum digits, card ids. */
async function shown(page) {
  return page.$$eval('#board .board-col', (cols) => cols.map((c) => ({
    stage: Number(c.dataset.stage),
    count: c.querySelector('.col-count').textContent,
    sum: c.querySelector('.col-sum').textContent,
    cards: [...c.querySelectorAll('.deal-card')].map((x) => Number(x.dataset.deal)),
  })));
}

/* Every column's count and sum on the screen are the API's figures for
   the same query (the page's own session). */
async function figuresMatch(page, query) {
  const api = (await apiGet(page, `/api/v1/board?limit=0&${query}`)).body;
  const cols = await shown(page);
  assert.equal(cols.length, api.columns.length);
  api.columns.forEach((c, i) => {
    assert.equal(cols[i].stage, c.stage.id);
    assert.equal(digits(cols[i].count), String(c.count), `${c.stage.name}: count`);
    // whole roubles on the board (money(sum, true)): the minor units / 100
    assert.equal(digits(cols[i].sum), String(Math.round(c.sum / 100)), `${c.stage.name}: sum`);
  });
  return api;
}

let testPipe = null;

test('head: pipeline switch, server figures, load more, win by the drop zone', async () => {
  const { page } = b;
  await signIn(page, 'head');
  const pipe = await apiSend(page, 'POST', '/api/v1/pipelines', { name: 'Доска-тест' });
  assert.equal(pipe.status, 201, JSON.stringify(pipe.body));
  testPipe = pipe.body.id;
  for (const name of ['Первый', 'Второй']) {
    const st = await apiSend(page, 'POST', `/api/v1/pipelines/${testPipe}/stages`, { name });
    assert.equal(st.status, 201, JSON.stringify(st.body));
  }
  for (let i = 0; i < 25; i++) {
    const d = await apiSend(page, 'POST', '/api/v1/deals', { title: `Доска ${i + 1}`, pipeline: testPipe, stage: 'Первый', amount: 100000 });
    assert.equal(d.status, 201, JSON.stringify(d.body));
  }

  // the demo's pipeline first: its figures are the API's
  await visit(page, '/board', '#board .deal-card');
  const first = Number(await page.getAttribute('#board', 'data-pipeline'));
  assert.notEqual(first, testPipe);
  await figuresMatch(page, `pipeline_id=${first}`);
  await shot(page, '90-board-head');

  // switch: the columns are the new pipeline's, the address keeps it
  await page.selectOption('#board-pipeline', String(testPipe));
  await page.waitForSelector(`#board[data-pipeline="${testPipe}"] .deal-card`);
  assert.ok(page.url().includes(`pipeline=${testPipe}`), page.url());
  let cols = await shown(page);
  assert.equal(cols.length, 2);
  assert.equal(digits(cols[0].count), '25');
  assert.equal(digits(cols[0].sum), '25000');
  assert.equal(cols[0].cards.length, 20);
  await figuresMatch(page, `pipeline_id=${testPipe}`);

  // scrolled to its end the column loads the other 5, none twice
  await page.$eval('#board .board-col .col-cards', (el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => document.querySelectorAll('#board .board-col')[0].querySelectorAll('.deal-card').length === 25);
  cols = await shown(page);
  assert.equal(new Set(cols[0].cards).size, 25);
  assert.equal(await page.locator('#board .board-col').first().locator('.col-more').count(), 0);
  await page.reload();
  await page.waitForSelector(`#board[data-pipeline="${testPipe}"] .deal-card`);

  // drag the first card onto Won: the confirmation, then won, figures down
  const card = page.locator('#board .board-col').first().locator('.deal-card').first();
  const id = Number(await card.getAttribute('data-deal'));
  const box = await card.boundingBox();
  await page.mouse.move(box.x + 20, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + 40, box.y + 40, { steps: 5 });
  await page.waitForSelector('#drop-win');
  await shot(page, '91-board-drop-zones');
  const win = await page.locator('#drop-win').boundingBox();
  await page.mouse.move(win.x + win.width / 2, win.y + win.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForSelector('#close-dialog');
  assert.ok((await page.textContent('#close-amount')).includes('1'), 'the dialog shows the amount');
  await page.click('#close-confirm');
  await page.waitForSelector('#close-dialog', { state: 'detached' });
  await page.waitForFunction(() => document.querySelector('#board .board-col .col-count').textContent.replace(/\D/g, '') === '24');
  const deal = (await apiGet(page, `/api/v1/deals/${id}`)).body;
  assert.equal(deal.status, 'won');
  assert.equal(await page.locator(`.deal-card[data-deal="${id}"]`).count(), 0);
  cols = await shown(page);
  assert.equal(digits(cols[0].sum), '24000');
  await figuresMatch(page, `pipeline_id=${testPipe}`);

  // the notice's undo: open again, back in its column, figures 25 again
  assert.ok((await page.textContent('#board-undo')).includes('Сделка выиграна'));
  await page.click('#board-undo-btn');
  await page.waitForSelector('#board-undo', { state: 'detached' });
  await page.waitForSelector(`.deal-card[data-deal="${id}"]`);
  assert.equal((await apiGet(page, `/api/v1/deals/${id}`)).body.status, 'open');
  await page.waitForFunction(() => document.querySelector('#board .board-col .col-count').textContent.replace(/\D/g, '') === '25');
  await figuresMatch(page, `pipeline_id=${testPipe}`);
  assert.deepEqual(b.errors, []);
});

test('head: only the stuck', async () => {
  const { page } = b;
  await visit(page, '/board', '#board .deal-card');
  const pipe = Number(await page.getAttribute('#board', 'data-pipeline'));
  await page.check('#board-stuck');
  await page.waitForFunction(() => location.search.includes('stuck=1'));
  await page.waitForSelector('#board:not(.loading)');
  const api = await figuresMatch(page, `pipeline_id=${pipe}&stuck=1`);
  const all = (await apiGet(page, `/api/v1/board?limit=0&pipeline_id=${pipe}`)).body;
  assert.ok(api.columns.some((c, i) => c.count < all.columns[i].count), 'the filter keeps fewer deals');
  // every card shown is over its stage's limit: its badge says so
  const cards = page.locator('#board .deal-card');
  const n = await cards.count();
  for (let i = 0; i < n; i++)
    assert.equal(await cards.nth(i).locator('.badge-bad').count(), 1, `card ${i} is stuck`);
  await shot(page, '92-board-stuck');
  await page.uncheck('#board-stuck');
  await page.waitForFunction(() => !location.search.includes('stuck=1'));
});

test('head at 390x844: the columns scroll, the page does not', async () => {
  const { page } = b;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await visit(page, `/board?pipeline=${testPipe}`, '#board .deal-card');
    await noSideScroll(page, 'the board');
    const scroll = await page.$eval('#board', (el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(scroll[0] > scroll[1], 'the board scrolls its columns sideways');
    await figuresMatch(page, `pipeline_id=${testPipe}`);
    await shot(page, '93-phone-board');
  } finally {
    await page.setViewportSize({ width: 1360, height: 900 });
  }
});

test('manager: the owner filter is only them, the board their own deals', async () => {
  const { page } = b;
  await signOut(b);
  await signIn(page, 'manager');
  const me = (await apiGet(page, '/api/v1/session')).body;
  for (const size of [{ width: 1360, height: 900 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await visit(page, '/board', '#board .board-col');
    const owners = await page.$$eval('#board-owner option', (o) => o.map((x) => [x.value, x.textContent]));
    assert.deepEqual(owners, [[String(me.user_id), me.name]]);
    assert.equal(await page.locator('#board-team').count(), 0);
    const api = await figuresMatch(page, '');
    // every card is theirs; asking the API for someone else changes nothing
    for (const c of api.columns) for (const d of (await apiGet(page, `/api/v1/board/stages/${c.stage.id}?limit=100`)).body.items)
      assert.equal(d.owner_id, me.user_id);
    const other = (await apiGet(page, `/api/v1/board?limit=0&owner_id=${me.user_id + 1}`)).body;
    assert.deepEqual(other.columns.map((c) => c.count), api.columns.map((c) => c.count));
    if (size.width === 390) await noSideScroll(page, 'the manager\'s board');
    await shot(page, size.width === 390 ? '95-phone-board-manager' : '94-board-manager');
  }
  await page.setViewportSize({ width: 1360, height: 900 });
  assert.deepEqual(b.errors, []);
});
