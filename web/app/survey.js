// survey.js - the public NPS survey page (docs/nps.md): no sign-in; the
// token is the page's #fragment (never sent in a URL the server logs).
// It shows the company's name, 0-10 as big buttons, an optional comment and
// a thank-you state; a link that is not valid, expired or answered shows
// the server's message (Russian first, English with the switch).
import { html, render, Component } from './lib.js';
import { t, getLang, setLang, onLang } from './i18n.js';
import { request } from './api.js';

const token = decodeURIComponent((location.hash || '').replace(/^#/, ''));
const path = `/api/v1/public/nps/${encodeURIComponent(token)}`;

class Survey extends Component {
  constructor() {
    super();
    this.state = { phase: 'loading', company: '', score: null, comment: '', error: '', busy: false };
  }

  componentDidMount() {
    this.off = onLang(() => this.forceUpdate());
    if (!token) { this.setState({ phase: 'error', error: t('survey.pick') }); return; }
    request('GET', path)
      .then((d) => this.setState({ phase: 'open', company: d.company }))
      .catch((e) => this.setState({ phase: 'error', error: e.message }));
  }

  componentWillUnmount() { if (this.off) this.off(); }

  send() {
    const { score, comment } = this.state;
    if (score === null) { this.setState({ error: t('survey.pick') }); return; }
    this.setState({ busy: true, error: '' });
    request('POST', path, { score, comment: comment.trim() || null })
      .then(() => this.setState({ phase: 'done', busy: false }))
      .catch((e) => this.setState({ busy: false, error: e.message,
        phase: e.status === 409 || e.status === 404 ? 'error' : 'open' }));
  }

  render(_, s) {
    const other = getLang() === 'ru' ? 'en' : 'ru';
    const lang = html`<button type="button" class="link survey-lang"
      onClick=${() => setLang(other)}>${t('lang.switch')}</button>`;
    if (s.phase === 'loading') return html`<main class="survey"><p>${t('loading')}</p></main>`;
    if (s.phase === 'error')
      return html`<main class="survey">${lang}<p class="survey-message" role="alert">${s.error}</p></main>`;
    if (s.phase === 'done')
      return html`<main class="survey">${lang}<div class="survey-thanks" role="status">
        <div class="survey-check" aria-hidden="true">✓</div><h1>${t('survey.thanks')}</h1>
        <p>${t('survey.thanks.more')}</p></div></main>`;
    return html`<main class="survey">
      ${lang}
      <h1 class="survey-company">${s.company}</h1>
      <p class="survey-question">${t('survey.question', { c: s.company })}</p>
      <div class="nps-scale" role="radiogroup" aria-label=${t('nps.score')}>
        ${Array.from({ length: 11 }, (_, i) => html`<button type="button" role="radio"
          aria-checked=${s.score === i ? 'true' : 'false'}
          class=${`nps-btn nps-${i <= 6 ? 'd' : i <= 8 ? 'p' : 'g'}${s.score === i ? ' on' : ''}`}
          onClick=${() => this.setState({ score: i, error: '' })}>${i}</button>`)}
      </div>
      <div class="nps-ends"><span>${t('survey.low')}</span><span>${t('survey.high')}</span></div>
      <label class="survey-comment">${t('survey.comment')}
        <textarea rows="4" maxlength="5000" value=${s.comment}
          onInput=${(e) => this.setState({ comment: e.target.value })}></textarea></label>
      ${s.error && html`<p class="survey-message" role="alert">${s.error}</p>`}
      <button type="button" class="btn btn-primary survey-send" disabled=${s.busy}
        onClick=${() => this.send()}>${t('survey.send')}</button>
    </main>`;
  }
}

document.documentElement.lang = getLang();
const root = document.getElementById('app');
root.textContent = ''; /* the «Загрузка…» of survey.html */
render(html`<${Survey} />`, root);
