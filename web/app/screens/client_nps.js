// client_nps.js - the client card's NPS block (issue 12, item 2;
// docs/nps.md): the client's answers (newest first, a detractor's task
// marked), an answer entered as 0-10 buttons with a comment and the date,
// and a survey link made and copied. GET/POST /api/v1/clients/{id}/nps,
// POST /api/v1/clients/{id}/nps/link.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, dateTime } from '../i18n.js';
import { ErrorBox, nowLocal } from '../ui.js';

const kind = (s) => (s <= 6 ? 'badge-bad' : s <= 8 ? 'badge-warn' : 'badge-good');

export class NpsBlock extends Component {
  constructor(props) {
    super(props);
    this.state = { items: null, error: null, score: null, comment: '', at: nowLocal(), busy: false, link: null, copied: false };
  }
  componentDidMount() { this.load(); }
  load() {
    api.get(`/api/v1/clients/${this.props.client.id}/nps`)
      .then((d) => this.setState({ items: d.items, error: null }))
      .catch((error) => this.setState({ error }));
  }
  save() {
    const { score, comment, at } = this.state;
    if (score === null) return;
    this.setState({ busy: true, error: null });
    api.post(`/api/v1/clients/${this.props.client.id}/nps`, { score, comment: comment.trim() || null, at: at || null })
      .then(() => { this.setState({ busy: false, score: null, comment: '' }); this.load(); })
      .catch((error) => this.setState({ busy: false, error }));
  }
  makeLink() {
    this.setState({ busy: true, error: null, copied: false });
    api.post(`/api/v1/clients/${this.props.client.id}/nps/link`, {})
      .then((d) => this.setState({ busy: false, link: { url: `${location.origin}${d.url}`, until: d.expires_at } }))
      .catch((error) => this.setState({ busy: false, error }));
  }
  copy() {
    const url = this.state.link.url;
    const done = () => this.setState({ copied: true });
    if (navigator.clipboard) navigator.clipboard.writeText(url).then(done, done);
    else done();
  }
  render({ user }, s) {
    const rw = user.role !== 'viewer';
    return html`<section class="card" id="client-nps"><h2>${t('nps.card')}</h2>
      ${s.error ? html`<${ErrorBox} error=${s.error} />` : null}
      ${s.items && s.items.length ? html`<ul class="nps-history">${s.items.map((a) => html`<li data-nps=${a.id}>
          <span class=${`badge ${kind(a.score)}`}>${a.score}</span> <span class="muted small">${dateTime(a.at)}</span>
          ${a.task_id ? html` <span class="small">· ${t('nps.task.made')}</span>` : null}
          ${a.comment ? html`<div class="note-text small">${a.comment}</div>` : null}</li>`)}</ul>`
        : s.items ? html`<p class="muted">${t('nps.card.none')}</p>` : null}
      ${rw ? html`<div class="nps-enter"><h3>${t('nps.card.enter')}</h3>
        <div class="nps-scale" role="radiogroup" aria-label=${t('nps.score')}>
          ${Array.from({ length: 11 }, (_, i) => html`<button type="button" role="radio" aria-checked=${s.score === i ? 'true' : 'false'}
            class=${`nps-btn nps-${i <= 6 ? 'd' : i <= 8 ? 'p' : 'g'}${s.score === i ? ' on' : ''}`}
            onClick=${() => this.setState({ score: i })}>${i}</button>`)}</div>
        <label class="survey-comment">${t('nps.comment')}<textarea rows="2" maxlength="5000" value=${s.comment}
          onInput=${(e) => this.setState({ comment: e.target.value })}></textarea></label>
        <label>${t('nps.date')} <input type="datetime-local" value=${s.at} onChange=${(e) => this.setState({ at: e.target.value })} /></label>
        <button type="button" class="btn btn-primary btn-small" id="nps-save" disabled=${s.busy || s.score === null}
          onClick=${() => this.save()}>${t('nps.card.save')}</button></div>
        <div class="nps-link"><h3>${t('nps.card.link')}</h3>
          ${s.link ? html`<input readonly id="nps-link-url" value=${s.link.url} aria-label=${t('nps.card.link')} onFocus=${(e) => e.target.select()} />
            <button type="button" class="btn btn-small" onClick=${() => this.copy()}>${s.copied ? t('nps.card.link.copied') : t('nps.card.link.copy')}</button>
            <p class="muted small">${t('nps.card.link.until', { d: dateTime(s.link.until) })}</p>`
          : html`<button type="button" class="btn btn-small" id="nps-link-make" disabled=${s.busy} onClick=${() => this.makeLink()}>${t('nps.card.link.make')}</button>`}
        </div>` : null}
    </section>`;
  }
}
