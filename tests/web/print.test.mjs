// print.test.mjs - the printed meeting sheets of a 12-manager department
// (run.sh generates one): the daily, weekly and monthly sheet print on A4
// landscape, at most two pages, with every column inside the page and the
// column names atop every page (the sheet is one table whose <thead> the
// browser repeats). Chromium prints the page to a PDF as a person's "Print"
// would; poppler's pdftotext reads each page's text back, so a column cut
// off, a manager lost or a page without its header fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openBrowser, signIn, apiGet, visit, shot, SHOTS, AS_OF } from './browser.mjs';

let b;
before(async () => {
  b = await openBrowser();
  await signIn(b.page, 'head');
});
after(async () => { if (b) await b.close(); });

/* A4 landscape less the 10 mm margins of style.css's @page: 277 mm at
 * 96 px per inch. */
const A4_CONTENT_PX = Math.floor((277 / 25.4) * 96);

/* One space for any run of white space: pdftotext's layout pads columns. */
const squash = (s) => s.replace(/\s+/g, ' ').trim();

/* The text of each page of a PDF file (pdftotext ends every page with a
 * form feed). */
function pdfPageTexts(path) {
  const out = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const pages = out.split('\f');
  if (pages.length && pages[pages.length - 1].trim() === '') pages.pop();
  return pages.map(squash);
}

for (const kind of ['daily', 'weekly', 'monthly']) {
  test(`print: the ${kind} sheet of 12 managers on at most two A4 landscape pages, every column, the header atop each page`, async () => {
    const { page } = b;
    const rep = (await apiGet(page, `/api/v1/reports/${kind}?date=${AS_OF}`)).body;
    const names = rep.rows.filter((r) => r.scope === 'user').map((r) => r.name);
    assert.ok(names.length >= 12, `the sheet has ${names.length} managers`);
    await page.setViewportSize({ width: 1360, height: 900 });
    await visit(page, `/daily?kind=${kind}&date=${AS_OF}`, '.daily-row');
    await page.emulateMedia({ media: 'print' });
    await shot(page, `print-${kind}`, { fullPage: true });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const file = join(SHOTS, `print-${kind}.pdf`);
    writeFileSync(file, pdf);

    // the column names, as the screen writes them
    const heads = await page.evaluate(() => [...document.querySelectorAll('.sheet-table thead tr:last-child th')]
      .map((th) => th.textContent.replace(/\s+/g, ' ').trim()).filter(Boolean));
    assert.equal(heads.length, kind === 'daily' ? 11 : 8, JSON.stringify(heads));

    const pages = pdfPageTexts(file);
    assert.ok(pages.length >= 1 && pages.length <= 2, `${pages.length} pages`);
    pages.forEach((text, i) => {
      for (const h of heads) assert.ok(text.includes(h), `page ${i + 1} of ${pages.length} has no column "${h}"`);
    });
    const all = pages.join(' ');
    for (const n of names) assert.ok(all.includes(squash(n)), `the PDF has no manager "${n}"`);

    // laid out at the printed width: every manager's cells inside the page
    await page.setViewportSize({ width: A4_CONTENT_PX, height: 900 });
    const over = await page.evaluate(() => [...document.querySelectorAll('.daily-row, #behind table')]
      .map((el) => ({ w: el.scrollWidth, right: Math.max(...[...el.querySelectorAll('th, td')].map((c) => c.getBoundingClientRect().right)) })));
    assert.ok(over.length >= names.length);
    for (const o of over) assert.ok(o.right <= A4_CONTENT_PX + 1 && o.w <= A4_CONTENT_PX + 1, JSON.stringify(o));
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1360, height: 900 });
  });
}
