// webhooks.test.mjs - the settings' «Вебхуки» tab in a real browser
// (docs/webhooks.md): the admin adds a webhook (a bad URL named on the
// field; the secret shown once), the test button delivers to a receiver in
// this process whose signature check uses that secret, the deliveries list
// shows it, disable and enable, delete; the head sees the tab too. A
// screenshot of the tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { openBrowser, signIn, signOut, apiGet, shot, expectInvalid, visit } from './browser.mjs';

let b, rx;
const got = []; // {event, signature, body}
before(async () => {
  rx = createServer((req, res) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      got.push({ event: req.headers['x-voronka-event'], signature: req.headers['x-voronka-signature'], body: Buffer.concat(parts) });
      res.writeHead(200); res.end();
    });
  });
  await new Promise((r) => rx.listen(0, '127.0.0.1', r));
  b = await openBrowser();
  await signIn(b.page, 'admin');
});
after(async () => { if (b) await b.close(); if (rx) rx.close(); });

test('webhooks: add, test with a verified signature, deliveries, disable, enable, delete', async () => {
  const { page } = b;
  const url = `http://127.0.0.1:${rx.address().port}/hook`;
  await visit(page, '/settings?tab=webhooks', '#webhook-add');
  // a URL that is not http(s) is refused on the field, with the focus on it
  await page.fill('#webhook-add input[name=url]', 'ftp://example.com/');
  await page.click('#webhook-add button.btn-primary');
  await page.waitForSelector('#webhook-add .form-error');
  await expectInvalid(page, '#webhook-add input[name=url]', 'url');
  // named by this form's own label, not the mail server's of the same key
  const said = await page.textContent('#webhook-add .form-error');
  assert.match(said, /^Адрес получателя: нужен адрес http:\/\/ или https:\/\//, said);
  assert.doesNotMatch(said, /почтов/, said);
  await page.fill('#webhook-add input[name=url]', url);
  await page.check('#webhook-add input[name="ev-payment.created"]');
  await page.click('#webhook-add button.btn-primary');
  await page.waitForSelector('#webhook-secret .secret-value');
  const secret = (await page.textContent('#webhook-secret .secret-value')).trim();
  assert.match(secret, /^[0-9a-f]{64}$/);
  const row = page.locator('#webhooks-table tr[data-webhook]').first();
  await row.waitFor();
  assert.equal((await row.locator('th').textContent()).trim(), url);
  assert.match(await row.textContent(), /Поступление внесено/);
  assert.match(await row.textContent(), /Включён/);
  const id = Number(await row.getAttribute('data-webhook'));
  const api = (await apiGet(page, `/api/v1/webhooks/${id}`)).body;
  assert.deepEqual(api.events, ['deal.created', 'deal.stage_changed', 'deal.won', 'deal.lost', 'payment.created']);
  assert.equal(api.secret, undefined, 'the secret is answered at the creation only');
  // the test delivery: received, signed with the secret shown
  await row.locator('button.wh-test').click();
  await page.waitForSelector(`#webhooks-table tr[data-webhook="${id}"] [role=status]`);
  assert.match(await row.locator('[role=status]').textContent(), /Доставлено: HTTP 200/);
  assert.equal(got.length, 1);
  assert.equal(got[0].event, 'webhook.test');
  const want = 'sha256=' + createHmac('sha256', secret).update(got[0].body).digest('hex');
  assert.equal(got[0].signature, want);
  // the deliveries
  await row.locator('button.wh-log').click();
  await page.waitForSelector(`#webhook-deliveries-${id} tr[data-delivery]`);
  assert.match(await page.textContent(`#webhook-deliveries-${id}`), /Проверка.*Доставлено.*HTTP 200/s);
  await shot(page, '70-settings-webhooks');
  // disable, then enable
  await row.locator('button.wh-toggle').click();
  await page.waitForSelector(`#webhooks-table tr[data-webhook="${id}"].inactive`);
  assert.match(await page.textContent(`#webhooks-table tr[data-webhook="${id}"]`), /Выключен/);
  assert.equal((await apiGet(page, `/api/v1/webhooks/${id}`)).body.active, false);
  await page.click(`#webhooks-table tr[data-webhook="${id}"] button.wh-toggle`);
  await page.waitForSelector(`#webhooks-table tr[data-webhook="${id}"]:not(.inactive)`);
  assert.equal((await apiGet(page, `/api/v1/webhooks/${id}`)).body.active, true);
  // the head sees the tab as well
  await signOut(b);
  await signIn(page, 'head');
  await visit(page, '/settings?tab=webhooks', `#webhooks-table tr[data-webhook="${id}"]`);
  await signOut(b);
  await signIn(page, 'admin');
  // delete
  await visit(page, '/settings?tab=webhooks', `#webhooks-table tr[data-webhook="${id}"]`);
  const r = page.locator(`#webhooks-table tr[data-webhook="${id}"]`);
  await r.locator('button', { hasText: 'Удалить' }).click();
  await r.locator('button.btn-danger').click();
  await page.waitForSelector(`#webhooks-table tr[data-webhook="${id}"]`, { state: 'detached' });
  assert.equal((await apiGet(page, `/api/v1/webhooks/${id}`)).status, 404);
  assert.deepEqual(b.errors, []);
});
