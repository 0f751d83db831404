// onboarding.test.mjs - «Адаптация» in a real browser (issue 14, item 2;
// docs/onboarding.md), in a new org of its own (the hire makes a user):
// the head hires a candidate with a mentor from the hiring panel and the
// plan starts (the API shows it with the mentor and six items); the
// head's list shows the newcomer's progress, the plan's card ticks an
// item, the template editor opens; the mentor (a manager) sees «Моя
// адаптация» empty and the mentee's plan, and ticks an item; the newcomer
// signs in with the password the hire showed and sees their own plan and
// the ramp-up table; the manager's card has the section. Desktop and a
// 390x844 phone, no sideways scroll, no English words but CRM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signInWith, signOut, apiGet, apiSend, apiUntil, shot, noSideScroll, onPhone, freshOrg } from './browser.mjs';

let b, org;
before(async () => { org = await freshOrg(); b = await openBrowser(); });
after(async () => { if (b) await b.close(); if (org) await org.stop(); });

async function visit(page, path, selector) {
  await page.goto(`${org.base}${path}`);
  await page.waitForSelector(selector);
}

/* The Latin words on the page (main), CRM allowed. */
async function latin(page) {
  const words = await page.evaluate(() => {
    const out = new Set();
    const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style, datalist') || !el.getClientRects().length) continue;
      for (const w of n.textContent.replace(/\S+@\S+\.\S+/g, ' ').match(/[A-Za-z]{2,}/g) || []) out.add(w);
    }
    return [...out];
  });
  return words.filter((w) => w !== 'CRM');
}

let plan = 0, newcomer = null, mentor = 0;

test('head: the hire starts the plan with a mentor; the list, a tick, the template', async () => {
  const { page } = b;
  await signInWith(page, org.logins.head, org.base);
  const users = (await apiGet(page, '/api/v1/users')).body.items;
  mentor = users.find((u) => u.email === org.logins.manager.email).id;
  const vac = await apiSend(page, 'POST', '/api/v1/vacancies', { title: 'Менеджер по продажам', openings: 1 });
  assert.equal(vac.status, 201, JSON.stringify(vac.body));
  const cand = await apiSend(page, 'POST', '/api/v1/candidates', { vacancy_id: vac.body.id, name: 'Вера Новикова' });
  assert.equal(cand.status, 201, JSON.stringify(cand.body));
  await visit(page, `/hiring?vacancy=${vac.body.id}&candidate=${cand.body.id}`, '#hire-form');
  const email = `vera${Date.now()}@example.com`;
  await page.fill('#hire-form input[name=email]', email);
  await page.selectOption('#hire-form select[name=mentor_id]', String(mentor));
  await page.click('#hire-form button.btn-primary');
  await page.waitForSelector('#hire-onboarding');
  const pw = (await page.textContent('#hire-password')).split(': ').pop().trim();
  plan = Number(new URL(await page.getAttribute('#hire-onboarding', 'href'), org.base).searchParams.get('plan'));
  assert.ok(plan > 0);
  newcomer = { email, password: pw };
  const p = (await apiGet(page, `/api/v1/onboarding/${plan}`)).body;
  assert.equal(p.mentor_id, mentor);
  assert.equal(p.user, 'Вера Новикова');
  assert.equal(p.items.length, 6);
  assert.equal(p.status, 'open');

  // the link opens the plan on the onboarding screen
  await page.click('#hire-onboarding');
  await page.waitForSelector('#onb-plan');
  assert.equal(await page.textContent('h1'), 'Адаптация');
  assert.equal(await page.$$eval('#onb-list tbody tr', (r) => r.length), 1);
  assert.match(await page.textContent('#onb-list .onb-count'), /^0 \/ 6$/);
  await page.check('#onb-items li[data-n="1"] input[type=checkbox]');
  const r = await apiUntil(page, `/api/v1/onboarding/${plan}`, (x) => x.body && x.body.done === 1);
  assert.equal(r.body.done, 1);
  await page.waitForFunction(() => document.querySelector('#onb-list .onb-count').textContent === '1 / 6');
  assert.equal(await page.$$eval('#onb-ramp tbody tr', (rows) => rows.length), 1, 'the first month');
  await shot(page, '220-onboarding-head-desktop', { fullPage: true });
  assert.deepEqual(await latin(page), [], 'no English on the screen');

  // the template editor
  await page.click('#onb-tpl-open');
  await page.waitForSelector('#onb-tpl .onb-tpl-item');
  assert.equal(await page.$$eval('#onb-tpl .onb-tpl-item', (x) => x.length), 6);
  await page.click('#onb-tpl-add');
  await page.fill('#onb-tpl .onb-tpl-item[data-i="6"] .onb-tpl-title', 'Разбор первой сделки с РОП');
  await page.click('#onb-tpl-save');
  await page.waitForSelector('#onb-tpl [role=status]');
  assert.equal((await apiGet(page, '/api/v1/onboarding/templates')).body.manager.length, 7);
  await shot(page, '221-onboarding-template', { fullPage: true });
  assert.deepEqual(await latin(page), [], 'no English in the editor');

  await onPhone(page, async () => {
    await visit(page, `/onboarding?plan=${plan}`, '#onb-plan');
    await noSideScroll(page, 'onboarding on a phone');
    await shot(page, '222-onboarding-head-phone', { fullPage: true });
  });

  // the manager's card: the onboarding section
  await visit(page, `/managers/${p.user_id}`, '#mgr-onboarding');
  assert.match(await page.textContent('#mgr-onboarding'), /1 \/ 6/);
  await shot(page, '223-onboarding-manager-card');
});

test('the mentor: «Моя адаптация» and the mentee\'s plan', async () => {
  const { page } = b;
  await signOut(b);
  await signInWith(page, org.logins.manager, org.base);
  await visit(page, '/onboarding', '#onb-list');
  assert.equal(await page.textContent('h1'), 'Моя адаптация');
  await page.waitForSelector('#onb-mine-none');
  await page.click('#onb-list .onb-open');
  await page.waitForSelector('#onb-plan');
  assert.equal(await page.$('#onb-close'), null, 'a manager closes no plan');
  await page.check('#onb-items li[data-n="2"] input[type=checkbox]');
  const r = await apiUntil(page, `/api/v1/onboarding/${plan}`, (x) => x.body && x.body.done === 2);
  assert.equal(r.body.items[1].done_by_id, mentor);
  assert.equal((await apiGet(page, '/api/v1/onboarding')).status, 403, 'no org-wide list');
  await shot(page, '224-onboarding-mentor');
  assert.deepEqual(await latin(page), [], 'no English on the mentor\'s screen');
});

test('the newcomer: their own plan and the ramp-up, on desktop and phone', async () => {
  const { page } = b;
  await signOut(b);
  await signInWith(page, newcomer, org.base);
  await visit(page, '/onboarding', '#onb-plan');
  assert.equal(await page.textContent('h1'), 'Моя адаптация');
  assert.equal(await page.$$eval('#onb-items li.done', (x) => x.length), 2);
  await page.check('#onb-items li[data-n="3"] input[type=checkbox]');
  await apiUntil(page, `/api/v1/onboarding/${plan}`, (x) => x.body && x.body.done === 3);
  await page.waitForSelector('#onb-ramp');
  await shot(page, '225-onboarding-newcomer', { fullPage: true });
  assert.deepEqual(await latin(page), [], 'no English on the newcomer\'s screen');
  await onPhone(page, async () => {
    await visit(page, '/onboarding', '#onb-ramp');
    await noSideScroll(page, 'my onboarding on a phone');
    await shot(page, '226-onboarding-newcomer-phone', { fullPage: true });
  });
});
