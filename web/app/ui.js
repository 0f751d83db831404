// ui.js - the pieces every screen uses: Load (loading / empty / error
// around a request), ErrorBox (with the field the server named), FormError
// (a form's error line), PctBar
// (colored by pace), Chart (an ECharts instance tied to a component).
import { html, Component, createRef } from './lib.js';
import { t, pct } from './i18n.js';
import * as echarts from '/node_modules/echarts/dist/echarts.esm.min.mjs';

export function Spinner() {
  return html`<div class="state state-loading" role="status" aria-live="polite">
    <span class="spinner" aria-hidden="true"></span>${t('loading')}</div>`;
}

export function Empty({ text }) {
  return html`<div class="state state-empty">${text || t('empty')}</div>`;
}

/* A form's error line, the one every form shows: the refused field's name,
   then the server's message. The name is label when given, else
   name(field) when given (settings: its own labels), else the field.*
   label; id (optional) lets aria-describedby point at it. */
export function FormError({ err, id, label, name }) {
  if (!err) return null;
  const field = err.field ? `${label || (name ? name(err.field) : t(`field.${err.field}`))}: ` : '';
  return html`<div class="form-error" role="alert" id=${id}>${field}${err.message}</div>`;
}

export function ErrorBox({ error, onRetry }) {
  if (!error) return null;
  return html`<div class="state state-error" role="alert">
    <strong>${t('error')}${error.status ? ` ${error.status}` : ''}:</strong> ${error.message}
    ${error.field ? html` <span class="err-field">(${t('error.field')}: <code>${error.field}</code>)</span>` : null}
    ${onRetry ? html` <button class="btn btn-small" onClick=${onRetry}>${t('retry')}</button>` : null}
  </div>`;
}

/* <Load fetch=${() => promise} deps=${key} isEmpty=${d => bool}>${data => view}</Load>:
   refetches when deps changes. */
export class Load extends Component {
  constructor(props) {
    super(props);
    this.state = { data: null, error: null, loading: true };
    this.seq = 0;
  }
  componentDidMount() { this.run(); }
  componentDidUpdate(prev) { if (prev.deps !== this.props.deps) this.run(); }
  run() {
    const my = ++this.seq;
    this.setState({ loading: true, error: null });
    Promise.resolve()
      .then(() => this.props.fetch())
      .then((data) => { if (my === this.seq) this.setState({ data, loading: false }); })
      .catch((error) => { if (my === this.seq) this.setState({ error, loading: false }); });
  }
  render({ children, isEmpty, emptyText }, { data, error, loading }) {
    if (loading && !data) return html`<${Spinner} />`;
    if (error) return html`<${ErrorBox} error=${error} onRetry=${() => this.run()} />`;
    if (isEmpty && isEmpty(data)) return html`<${Empty} text=${emptyText} />`;
    const view = typeof children === 'function' ? children : children[0];
    return html`<div class=${loading ? 'reloading' : ''}>${view(data, () => this.run())}</div>`;
  }
}

/* Pace: green when fact is at least the plan prorated by elapsed/total
   working days, yellow within 10% of it, red behind (docs/reports.md). */
export function pace(fact, plan, elapsed, total, lowerIsBetter = false) {
  if (plan == null || plan === 0 || fact == null) return 'none';
  const due = total ? (plan * elapsed) / total : plan;
  if (lowerIsBetter) return fact <= plan ? 'good' : fact <= plan * 1.1 ? 'warn' : 'bad';
  if (fact >= due) return 'good';
  if (fact >= due * 0.9) return 'warn';
  return 'bad';
}

export function PctBar({ value, pace: p, due }) {
  if (value == null) return html`<span class="muted">—</span>`;
  const w = Math.max(0, Math.min(1, value)) * 100;
  const mark = due != null ? Math.max(0, Math.min(1, due)) * 100 : null;
  return html`<span class="pctbar pace-${p}" title=${t(`pf.pace.${p}`) || ''}>
    <span class="pctbar-track"><span class="pctbar-fill" style=${`width:${w}%`}></span>
      ${mark != null ? html`<span class="pctbar-due" style=${`left:${mark}%`}></span>` : null}</span>
    <span class="pctbar-num">${pct(value, 0)}</span></span>`;
}

export class Chart extends Component {
  constructor(props) { super(props); this.ref = createRef(); this.onResize = () => this.chart && this.chart.resize(); }
  componentDidMount() {
    this.chart = echarts.init(this.ref.current, null, { renderer: 'canvas' });
    this.chart.setOption(this.props.option);
    window.addEventListener('resize', this.onResize);
  }
  componentDidUpdate() { this.chart.setOption(this.props.option, true); }
  componentWillUnmount() { window.removeEventListener('resize', this.onResize); this.chart.dispose(); }
  render({ height = 320, label }) {
    return html`<div class="chart" ref=${this.ref} role="img" aria-label=${label || ''} style=${`height:${height}px`}></div>`;
  }
}

/* The palette the charts share with style.css. */
export const COLORS = ['#2f6bd8', '#18a05e', '#e0912b', '#8a5cd1', '#d04b4b', '#3aa7b8', '#7a8597'];

export function Tabs({ tabs, value, onChange }) {
  return html`<div class="tabs" role="tablist">${tabs.map(([k, label]) => html`
    <button role="tab" aria-selected=${k === value} class=${`tab${k === value ? ' active' : ''}`}
      onClick=${() => onChange(k)}>${label}</button>`)}</div>`;
}
