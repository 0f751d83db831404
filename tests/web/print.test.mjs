// print.test.mjs - the printed meeting sheets of a 12-manager department
// (run.sh generates one): the daily, weekly and monthly sheet print on A4
// landscape with every column inside the page, the daily on at most two
// pages. Chromium prints the page to a PDF as a person's "Print" would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, signIn, apiGet, visit, SHOTS, AS_OF } from './browser.mjs';

let b;
before(async () => {
  b = await openBrowser();
  await signIn(b.page, 'head');
});
after(async () => { if (b) await b.close(); });

/* A4 landscape less the 10 mm margins of style.css's @page: 277 mm at
 * 96 px per inch. */
const A4_CONTENT_PX = Math.floor((277 / 25.4) * 96);

/* The pages of a PDF Chromium wrote: its page objects. */
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;

for (const [kind, maxPages] of [['daily', 2], ['weekly', 2], ['monthly', 2]]) {
  test(`print: the ${kind} sheet of 12 managers, every column on A4 landscape, ${maxPages} pages at most`, async () => {
    const { page } = b;
    const rep = (await apiGet(page, `/api/v1/reports/${kind}?date=${AS_OF}`)).body;
    const managers = rep.rows.filter((r) => r.scope === 'user').length;
    assert.ok(managers >= 12, `the sheet has ${managers} managers`);
    await page.setViewportSize({ width: 1360, height: 900 });
    await visit(page, `/daily?kind=${kind}&date=${AS_OF}`, '.daily-row');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(join(SHOTS, `print-${kind}.pdf`), pdf);
    const pages = pdfPages(pdf);
    assert.ok(pages >= 1 && pages <= maxPages, `${pages} pages`);
    // laid out at the printed width: no table wider than the page, the
    // last column's right edge inside it
    await page.setViewportSize({ width: A4_CONTENT_PX, height: 900 });
    const over = await page.evaluate(() => [...document.querySelectorAll('.daily-row table, #behind table')]
      .map((tb) => ({ w: tb.scrollWidth, right: Math.max(...[...tb.querySelectorAll('th, td')].map((c) => c.getBoundingClientRect().right)) })));
    assert.ok(over.length >= managers);
    for (const o of over) assert.ok(o.right <= A4_CONTENT_PX + 1 && o.w <= A4_CONTENT_PX + 1, JSON.stringify(o));
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1360, height: 900 });
  });
}
