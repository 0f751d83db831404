// i18n.test.mjs - the app's words and numbers without a browser: plural
// forms through Intl.PluralRules, money by the currency's digits (never a
// fixed /100), amounts typed by a person parsed to minor units, no "-0".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { t, money, pct, num, setCurrency, setLang, parseMoney, fromMinor, moneyDigits } from '../../web/app/i18n.js';

const nbsp = (s) => s.replace(/[\u00a0\u202f]/g, ' ');

test('plurals: "на 1/3/5/21 менеджера", and English one/other', () => {
  setLang('ru');
  assert.equal(t('plans.splitdone', { n: 1 }), 'План разбит на 1 менеджера');
  assert.equal(t('plans.splitdone', { n: 3 }), 'План разбит на 3 менеджера');
  assert.equal(t('plans.splitdone', { n: 5 }), 'План разбит на 5 менеджеров');
  assert.equal(t('plans.splitdone', { n: 11 }), 'План разбит на 11 менеджеров');
  assert.equal(t('plans.splitdone', { n: 21 }), 'План разбит на 21 менеджера');
  setLang('en');
  assert.equal(t('plans.splitdone', { n: 1 }), 'Split to 1 manager');
  assert.equal(t('plans.splitdone', { n: 3 }), 'Split to 3 managers');
  setLang('ru');
});

test('money follows the currency\'s digits: RUB 2, JPY 0, KWD 3, or the server\'s', () => {
  setLang('ru');
  setCurrency('RUB');
  assert.equal(moneyDigits(), 2);
  assert.equal(nbsp(money(1234567)), '12 345,67 ₽');
  assert.equal(parseMoney('12 345,67'), 1234567);
  assert.equal(parseMoney('1 500 000'), 150000000);
  assert.ok(Number.isNaN(parseMoney('1,234')), 'more decimals than the currency has');
  assert.ok(Number.isNaN(parseMoney('-5')));
  assert.ok(Number.isNaN(parseMoney('abc')));
  setCurrency('JPY');
  assert.equal(moneyDigits(), 0);
  assert.equal(nbsp(money(1234)), '1 234 ¥');
  assert.equal(parseMoney('1234'), 1234);
  assert.equal(fromMinor(1234), 1234);
  setCurrency('KWD');
  assert.equal(moneyDigits(), 3);
  assert.equal(parseMoney('1,5'), 1500);
  setCurrency('RUB', 2);
  assert.equal(fromMinor(150), 1.5);
});

test('no "-0": a figure that rounds to zero shows as zero', () => {
  setLang('ru');
  setCurrency('RUB', 2);
  assert.equal(nbsp(pct(-0.00001)), '0,0 %');
  assert.equal(nbsp(pct(-0.0004, 1)), '0,0 %');
  assert.equal(nbsp(pct(-0.05)), '-5,0 %');
  assert.equal(num(-0.2), '0');
  assert.equal(num(-0), '0');
  assert.equal(nbsp(money(-0)), '0,00 ₽');
});

test('the CRM screens\' words: plurals of merged deals and unread notifications, English with the switch', () => {
  setLang('ru');
  assert.equal(t('client.merged', { name: 'Ромашка', n: 1 }), 'Клиент «Ромашка» объединён с этим: перешла 1 сделка');
  assert.equal(t('client.merged', { name: 'Ромашка', n: 3 }), 'Клиент «Ромашка» объединён с этим: перешли 3 сделки');
  assert.equal(t('client.merged', { name: 'Ромашка', n: 5 }), 'Клиент «Ромашка» объединён с этим: перешло 5 сделок');
  assert.equal(t('notify.title', { n: 1 }), 'Уведомления: 1 непрочитанное');
  assert.equal(t('notify.title', { n: 2 }), 'Уведомления: 2 непрочитанных');
  assert.equal(t('deal.conflict'), 'Сделку изменил другой пользователь');
  setLang('en');
  assert.equal(t('deal.conflict'), 'Another user has changed the deal');
  assert.equal(t('client.merged', { name: 'X', n: 2 }), '"X" was merged into this client: 2 deals moved');
  assert.equal(t('nav.clients'), 'Clients');
  setLang('ru');
});
