// russian.test.mjs - no English on a Russian screen: every screen each role
// can open (and the "no access" and "not found" pages) is read as a person
// sees it: the visible text and the placeholder, title and aria-label
// attributes. A word in Latin letters fails the test unless it is a name of
// the allowlist (the product, CRM, API, the switch to English), an e-mail
// address or a URL; a test that fails here names the screen and the word.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, signIn, signOut, apiGet, visit } from './browser.mjs';

// CSV and XLSX: the names of the file formats on the download buttons
// issue 12: the glossary's kept terms (NPS, ABC, XYZ, CAC, ROMI) are Russian usage
// issue 13: the import names the CRMs whose exports it reads, and ZIP and XLS files
const ALLOWED = new Set(['voronka', 'CRM', 'API', 'English', 'CSV', 'XLSX', 'NPS', 'ABC', 'XYZ', 'CAC', 'ROMI',
  'amoCRM', 'HubSpot', 'Pipedrive', 'Salesforce', 'ZIP', 'XLS']);

const SCREENS = {
  admin: ['/settings', '/settings?tab=mail', '/import', '/plan-fact', '/daily', '/funnel', '/hygiene', '/plans', '/board', '/deals', '/no-such-page', '/bonuses'],
  head: ['/plan-fact', '/daily', '/daily?kind=weekly', '/daily?kind=monthly', '/funnel', '/losses', '/hygiene', '/plans', '/board', '/settings',
    '/deals?status=lost', '/tasks', '/clients', '/leaderboard', '/leaderboard?pct=1&kind=week', '/competitions', '/bonuses', '/meetings', '/promises', '/action-plans', '/director',
    '/clients-abc', '/forecast', '/nps', '/channels', '/import', '/library', '/onboarding', '/idp'],
  manager: ['/my-day', '/board', '/losses', '/settings', '/deals', '/tasks', '/clients', '/leaderboard', '/competitions', '/bonuses', '/meetings', '/promises', '/action-plans',
    '/clients-abc', '/forecast', '/nps', '/library', '/onboarding', '/idp'],
  viewer: ['/plan-fact', '/funnel', '/losses', '/board', '/deals?status=won', '/clients', '/leaderboard', '/competitions', '/bonuses', '/meetings', '/director',
    '/clients-abc', '/forecast', '/nps', '/channels', '/library', '/onboarding'],
};

let b;
before(async () => { b = await openBrowser(); });
after(async () => { if (b) await b.close(); });

/* The Latin words a person sees on the page now. */
async function latinWords(page) {
  return page.evaluate(() => {
    const out = new Set();
    // e-mail addresses and URLs (an example server address) are not words
    const words = (s) => (s || '').replace(/\S+:\/\/\S+/g, ' ').replace(/\S+@\S+\.\S+/g, ' ').match(/[A-Za-z]{2,}/g) || [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style, noscript') || !el.getClientRects().length) continue;
      for (const w of words(n.textContent)) out.add(w);
    }
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]'))
      for (const a of ['placeholder', 'title', 'aria-label']) for (const w of words(el.getAttribute(a))) out.add(w);
    return [...out];
  });
}

for (const [role, paths] of Object.entries(SCREENS)) {
  test(`Russian everywhere: the screens of the ${role}`, async () => {
    const { page } = b;
    await signOut(b);
    await signIn(page, role);
    const deal = (await apiGet(page, '/api/v1/deals?limit=1&status=open')).body.items[0];
    // the newest client: the one client.test.mjs merged a duplicate into
    const client = (await apiGet(page, '/api/v1/clients?limit=1&sort=-created_at')).body.items[0];
    const found = [];
    for (const path of [...paths, ...(deal ? [`/deals/${deal.id}`] : []), ...(client ? [`/clients/${client.id}`] : [])]) {
      await visit(page, path, 'main .page');
      await page.waitForFunction(() => !document.querySelector('.spinner, .state-loading'));
      await page.waitForTimeout(300);
      for (const w of await latinWords(page)) if (!ALLOWED.has(w)) found.push(`${path}: ${w}`);
    }
    assert.deepEqual(found, []);
  });
}
