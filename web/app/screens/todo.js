// todo.js - the placeholder of a screen whose API has not landed yet.
import { html } from '../lib.js';
import { t } from '../i18n.js';

export function Todo({ title }) {
  return html`<div class="page"><header class="page-head"><h1>${title}</h1></header>
    <div class="state state-empty"><strong>${t('todo.title')}.</strong> ${t('todo.text')}</div></div>`;
}
