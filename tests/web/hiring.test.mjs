// hiring.test.mjs - «Найм» in a real browser (issue 14, item 1;
// docs/hiring.md), as the head, at desktop size and at 390x844: a
// candidate dragged from «Отклик» to «Отбор» and moved on by the card's
// menu to the offer; a CV uploaded from the panel; the interview scorecard and the final interview
// (every criterion 1..5 with a comment) saved and averaged; «Нанять» makes
// the user (the API shows them active, with the role and the team) and
// the card goes to «Вышел»; another candidate rejected with the reason the
// dialog asks for; the summary counts the hire. No English words on the
// screen but the file formats and the data's own (hh.ru).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signInWith, signOut, apiGet, apiSend, apiUntil, shot, noSideScroll, onPhone, freshOrg } from './browser.mjs';

// A new org of its own (freshOrg): the hire makes a user and a team, which
// would change the demo company the other browser tests count (the
// printed meeting sheets' 12 managers).
let b, org;
before(async () => { org = await freshOrg(); b = await openBrowser(); });
after(async () => { if (b) await b.close(); if (org) await org.stop(); });

/* Opens path of the new org's server and waits for selector. */
async function visit(page, path, selector) {
  await page.goto(`${org.base}${path}`);
  await page.waitForSelector(selector);
}

const card = (id) => `#hire-board .cand-card[data-cand="${id}"]`;
const column = (stage) => `#hire-board .board-col[data-stage="${stage}"]`;

/* The stage of candidate id, once it is want (or the last one read). */
async function stageOf(page, id, want) {
  const r = await apiUntil(page, `/api/v1/candidates/${id}`, (x) => x.body && x.body.stage === want);
  return r.body.stage;
}

/* The Latin words on the page, but the allowed ones. */
async function latin(page) {
  const words = await page.evaluate(() => {
    const out = new Set();
    const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style, datalist') || !el.getClientRects().length) continue;
      const t = n.textContent.replace(/\S+@\S+\.\S+/g, ' ');
      for (const w of t.match(/[A-Za-z]{2,}/g) || []) out.add(w);
    }
    return [...out];
  });
  const ok = new Set(['PDF', 'DOC', 'DOCX', 'RTF', 'TXT', 'hh', 'ru', 'txt']); // formats, hh.ru, Резюме.txt
  return words.filter((w) => !ok.has(w));
}

test('head: the board, the scorecards, the hire, a rejection, on desktop and phone', async () => {
  const { page } = b;
  await signInWith(page, org.logins.head, org.base);
  const stamp = Date.now();
  const vac = await apiSend(page, 'POST', '/api/v1/vacancies', { title: 'Менеджер по продажам B2B', team: 'Найм-тест', openings: 2 });
  assert.equal(vac.status, 201, JSON.stringify(vac.body));
  const add = async (name, source) => {
    const r = await apiSend(page, 'POST', '/api/v1/candidates', { vacancy_id: vac.body.id, name, source, email: `c${stamp}${source.length}@example.com` });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  const ira = await add('Ирина Кандидатова', 'hh.ru');
  const oleg = await add('Олег Отказов', 'сайт');
  await visit(page, `/hiring?vacancy=${vac.body.id}`, card(ira));
  assert.equal(await page.textContent('h1'), 'Найм');
  assert.deepEqual(await page.$$eval('#hire-board .col-name', (els) => els.map((e) => e.textContent)),
    ['Отклик', 'Отбор', 'Собеседование', 'Финальное собеседование с РОП', 'Оффер', 'Вышел', 'Отказ']);

  // drag from «Отклик» to «Отбор»
  await page.dragAndDrop(card(ira), column('screening'));
  assert.equal(await stageOf(page, ira, 'screening'), 'screening', 'dragged to screening');
  await page.waitForSelector(`${column('screening')} ${card(ira).slice('#hire-board '.length)}`);
  // the card's menu on to the offer
  for (const st of ['interview', 'final', 'offer']) {
    await page.selectOption(`${card(ira)} select.cand-move`, st);
    assert.equal(await stageOf(page, ira, st), st);
  }

  // the panel: scorecards of every criterion
  await page.click(`${card(ira)} .cand-open`);
  await page.waitForSelector('#cand-panel #score-interview');
  // the CV: uploaded from the panel, then its link
  await page.setInputFiles('#cv-file', { name: 'Резюме.txt', mimeType: 'text/plain', buffer: Buffer.from('Опыт продаж: 3 года') });
  await page.waitForSelector('#cv-download');
  assert.equal(await page.textContent('#cv-download'), 'Резюме.txt');
  const cv = await page.evaluate(async (id) => (await fetch(`/api/v1/candidates/${id}/cv`)).text(), ira);
  assert.equal(cv, 'Опыт продаж: 3 года');
  const crit = (await apiGet(page, '/api/v1/hiring/criteria')).body.items.filter((c) => !c.archived);
  assert.ok(crit.length >= 5, 'the default criteria');
  const fill = async (form, score) => {
    for (const c of crit) {
      await page.selectOption(`#${form} .score-row[data-criterion="${c.id}"] select`, String(score));
      await page.fill(`#${form} .score-row[data-criterion="${c.id}"] input`, `${c.name}: хорошо`);
    }
    await page.click(`#${form} button.btn-primary`);
  };
  await fill('score-interview', 4);
  await page.waitForFunction(() => document.querySelector('#avg-interview').textContent === '4,0');
  await fill('score-final', 5);
  await page.waitForFunction(() => document.querySelector('#avg-final').textContent === '5,0');
  const sc = (await apiGet(page, `/api/v1/candidates/${ira}/scores`)).body;
  assert.equal(sc.interview, 4);
  assert.equal(sc.final, 5);
  assert.equal(sc.items.length, crit.length * 2);
  await shot(page, 'hiring-desktop');
  assert.deepEqual(await latin(page), [], 'no English on the screen');

  // «Нанять»
  const email = `ira${stamp}@example.com`;
  await page.fill('#hire-form input[name=email]', email);
  await page.fill('#hire-form input[name=team]', 'Найм-тест');
  await page.click('#hire-form button.btn-primary');
  await page.waitForSelector('#hired-note');
  assert.equal(await stageOf(page, ira, 'hired'), 'hired');
  const cand = (await apiGet(page, `/api/v1/candidates/${ira}`)).body;
  assert.ok(cand.hired_user_id > 0);
  const user = (await apiGet(page, `/api/v1/users/${cand.hired_user_id}`)).body;
  assert.equal(user.email, email);
  assert.equal(user.role, 'manager');
  assert.equal(user.team, 'Найм-тест');
  assert.equal(user.active, true);
  await page.waitForSelector(`${column('hired')} .cand-card[data-cand="${ira}"]`);

  // a rejection asks for its reason
  await page.selectOption(`${card(oleg)} select.cand-move`, 'rejected');
  await page.waitForSelector('#reject-dialog');
  await page.click('#reject-ok');
  await page.waitForSelector('#reject-dialog .form-error');
  await page.fill('#reject-reason', 'Нет опыта холодных звонков');
  await page.click('#reject-ok');
  await page.waitForSelector('#reject-dialog', { state: 'detached' });
  assert.equal(await stageOf(page, oleg, 'rejected'), 'rejected');
  assert.equal((await apiGet(page, `/api/v1/candidates/${oleg}`)).body.reject_reason, 'Нет опыта холодных звонков');

  // the summary of the vacancy: one hire, two candidates
  await page.waitForFunction(() => document.querySelector('#tth-hires') && document.querySelector('#tth-hires').textContent === '1');
  const rows = await page.$$eval('#hire-stages tbody tr', (trs) => trs.map((tr) => tr.dataset.stage));
  assert.deepEqual(rows, ['response', 'screening', 'interview', 'final', 'offer', 'hired']);
  await shot(page, 'hiring-summary', { fullPage: true });

  await onPhone(page, async () => {
    await visit(page, `/hiring?vacancy=${vac.body.id}&candidate=${ira}`, '#cand-panel #hired-note');
    await noSideScroll(page, 'hiring on a phone');
    await shot(page, 'hiring-phone');
    await shot(page, 'hiring-phone-full', { fullPage: true });
  });

  // the vacancy filled: one more opening, then closed; its candidates stay
  await visit(page, `/hiring?vacancy=${vac.body.id}`, '#edit-vacancy');
  await page.click('#edit-vacancy');
  await page.waitForSelector('#vacancy-edit');
  assert.equal(await page.inputValue('#vacancy-edit input[name=title]'), 'Менеджер по продажам B2B');
  await page.fill('#vacancy-edit input[name=openings]', '0');
  await page.click('#vacancy-edit button.btn-primary');
  await page.waitForSelector('#vacancy-edit .form-error');
  assert.equal((await page.textContent('#vacancy-edit .form-error')).trim(), 'Мест — от 1 до 100', 'the field by its label');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'openings', 'the bad field is focused');
  await page.fill('#vacancy-edit input[name=openings]', '3');
  await page.selectOption('#vacancy-edit select[name=status]', 'closed');
  await shot(page, 'hiring-vacancy-edit');
  await page.click('#vacancy-edit button.btn-primary');
  await page.waitForSelector('#vacancy-edit', { state: 'detached' });
  const closed = (await apiGet(page, `/api/v1/vacancies/${vac.body.id}`)).body;
  assert.deepEqual([closed.status, closed.openings, closed.candidates], ['closed', 3, 2]);
  assert.ok(closed.closed_at);
  assert.match(await page.textContent(`#hire-vacancy option[value="${vac.body.id}"]`), /закрыта/);
});

test('a manager has no hiring screen', async () => {
  const { page } = b;
  await signOut(b);
  await signInWith(page, org.logins.manager, org.base);
  assert.equal(await page.$('nav.sidebar a[href="/hiring"]'), null, 'not in the menu');
  assert.equal((await apiGet(page, '/api/v1/candidates')).status, 403);
});

