// daily.js - the management rituals: the 9:00 daily meeting sheet (the
// reviewed day, today's plan, the month to date, hygiene, who is behind),
// manager by manager, printable; and the weekly and monthly review against
// the previous period. GET /api/v1/reports/{daily,weekly,monthly}.
import { html, Component } from '../lib.js';
import { api } from '../api.js';
import { t, metricValue, money, pct, num, date, shortDate, getLang } from '../i18n.js';
import { Standings } from './rank.js';
import { Load, PctBar, pace, Tabs } from '../ui.js';
import { currentQuery, setQuery } from '../router.js';

const DAILY_METRICS = ['revenue', 'payments', 'deals_won', 'leads', 'meetings', 'calls', 'call_minutes'];

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/* A manager's line above their metrics: the first row of their <tbody>,
 * one cell across every column (a heading element may not sit in a cell). */
function rowTitle(r, cols) {
  const who = r.scope === 'org' ? (r.name || t('dept')) : r.name;
  return html`<tr class="who"><th colspan=${cols} scope="rowgroup"><div class="who-line"><span class="who-name">${who}</span>
    ${r.team && r.scope === 'user' ? html`<span class="muted">${r.team}</span>` : null}
    <span class="muted">${t('daily.overdue')}: <span class=${r.overdue_tasks ? 'txt-bad' : ''}>${num(r.overdue_tasks)}</span></span>
    <span class="muted">${t('daily.hygiene')}: ${r.hygiene_score == null ? '—' : num(r.hygiene_score, 1)}</span></div></th></tr>`;
}

/* One table for the whole department: the column names are its <thead>,
 * which a browser repeats atop every printed page, and each manager is a
 * <tbody class="daily-row"> kept on one page. */
function Sheet({ cols, head, rows, body }) {
  return html`<section class="card sheet"><div class="table-wrap"><table class="grid sheet-table">
    <colgroup><col class="col-metric" />${Array.from({ length: cols - 1 }, () => html`<col />`)}</colgroup>
    <thead>${head}</thead>
    ${rows.map((r) => html`<tbody class="daily-row" data-scope=${r.scope} data-email=${r.email || ''}>
      ${rowTitle(r, cols)}${body(r)}</tbody>`)}
  </table></div></section>`;
}

export function DailySheet({ rep }) {
  const m = rep.month;
  const reviewLabel = rep.review.from === rep.review.to
    ? t('daily.review', { d: shortDate(rep.review.day) })
    : t('daily.review.range', { f: shortDate(rep.review.from), t: shortDate(rep.review.to) });
  return html`
    <p class="subtitle">${reviewLabel} · ${t('daily.wd', { e: m.elapsed_wd, t: m.total_wd })}
      ${rep.today_working ? '' : ` · ${t('daily.nonworking')}`}</p>
    <section class="card" id="behind">
      <h2>${t('daily.behind')}</h2>
      ${rep.behind && rep.behind.length ? html`<div class="table-wrap"><table class="grid"><thead><tr><th>${t('manager')}</th>
        <th class="num">${t('daily.plan_to_date')}</th><th class="num">${t('fact')}</th><th>${t('pct')}</th>
        <th class="num">${t('daily.shortfall')}</th><th class="num">${t('per_day')}</th></tr></thead>
        <tbody>${rep.behind.map((b) => html`<tr><th scope="row">${b.name}</th>
          <td class="num">${money(b.plan_to_date, true)}</td><td class="num">${money(b.fact, true)}</td>
          <td class="bar-cell"><${PctBar} value=${b.pct} pace=${pace(b.fact, b.plan_to_date, 1, 1)} /></td>
          <td class="num txt-bad">${money(b.shortfall, true)}</td><td class="num">${money(b.per_day_needed, true)}</td></tr>`)}
        </tbody></table></div>` : html`<p class="muted">${t('daily.nobody')}</p>`}
    </section>
    <${Sheet} cols=${11} rows=${rep.rows}
      head=${html`<tr><th></th><th colspan="3" class="group-head">${reviewLabel}</th><th></th>
          <th colspan="6" class="group-head">${t('daily.month')}</th></tr>
          <tr><th>${t('metric')}</th>
          <th class="num">${t('plan')}</th><th class="num">${t('fact')}</th><th>${t('pct')}</th>
          <th class="num">${t('daily.today')}</th>
          <th class="num">${t('plan')}</th><th class="num">${t('daily.plan_to_date')}</th>
          <th class="num">${t('daily.mtd')}</th><th>${t('daily.mtd_pct')}</th>
          <th class="num">${t('forecast')}</th><th class="num">${t('per_day')}</th></tr>`}
      body=${(r) => DAILY_METRICS.filter((k) => r.mtd && r.mtd[k]).map((k) => {
          const rv = (r.review && r.review[k]) || {};
          const md = r.mtd[k];
          return html`<tr><th scope="row">${t(`m.${k}`)}</th>
            <td class="num">${metricValue(k, rv.plan)}</td><td class="num strong">${metricValue(k, rv.fact)}</td>
            <td class="bar-cell"><${PctBar} value=${rv.pct} pace=${pace(rv.fact, rv.plan, 1, 1)} /></td>
            <td class="num">${metricValue(k, r.today && r.today[k] && r.today[k].plan)}</td>
            <td class="num">${metricValue(k, md.plan)}</td><td class="num">${metricValue(k, md.plan_to_date)}</td>
            <td class="num strong">${metricValue(k, md.fact)}</td>
            <td class="bar-cell"><${PctBar} value=${md.pct} pace=${pace(md.fact, md.plan_to_date, 1, 1)}
              due=${md.plan ? md.plan_to_date / md.plan : null} /></td>
            <td class="num">${metricValue(k, md.forecast)}</td><td class="num">${metricValue(k, md.per_day_needed)}</td></tr>`;
        })} />
    <${DailyComps} comps=${rep.competitions} />
    <${DailyAtt} items=${rep.attestations_overdue} />
    <${Investigations} items=${rep.investigations} period=${rep.month && rep.month.from} />`;
}

/* issue 12: the investigations (разборы) of the report's month: each
   finding's sentence in the reader's language, its money to the plan, and
   for a manager's the links to their card and to the funnel of their deals.
   Not printed: the sheet keeps to two A4 pages (print.test.mjs); the
   CLI's table prints the findings. */
export function Investigations({ items, period }) {
  if (!items) return null;
  const month = period ? period.slice(0, 7) : '';
  return html`<section class="card" id="investigations"><h2>${t('inv.title')}</h2>
    ${items.length ? html`<ol class="inv-list">${items.map((f) => html`<li class=${f.money < 0 ? 'inv-bad' : 'inv-good'}>
      <span>${getLang() === 'en' ? f.sentence_en : f.sentence}</span>
      ${f.user_id != null ? html` <span class="inv-links"><a href=${`/managers/${f.user_id}`}>${t('inv.card')}</a>${' · '}<a
        href=${`/funnel?by=&period=${month}&user=${encodeURIComponent(f.email || f.name)}`}>${t('inv.funnel')}</a></span>` : null}
    </li>`)}</ol>` : html`<p class="muted">${t('inv.none')}</p>`}</section>`;
}

/* issue 11: the running competitions' standings (screens/rank.js), top 5
   each, on a meeting's sheet; idp names their tables. */
function RunningComps({ comps, idp }) {
  return (comps || []).map((c) => html`<h3 class="sub">${t('review.comp', { name: c.name })}</h3>
    <${Standings} id=${`${idp}-${c.id}`} rows=${c.standings} metric=${c.metric} isPct=${c.pct}
      kind=${c.participants_kind === 'teams' ? 'team' : 'user'} />`);
}

/* The daily meeting's running competitions, under its figures (shown and
   printed, compact, when there are any). */
/* issue 14, item 6: the attestations overdue on the day, one compact line
   each (omitted when none: the printed sheet keeps its pages). */
function DailyAtt({ items }) {
  if (!items || !items.length) return null;
  return html`<section class="card daily-att" id="daily-att"><h2>${t('daily.att')}</h2>
    <ul class="plain">${items.map((a) => html`<li data-user=${a.user_id}>${a.user} — ${a.title}
      <span class="muted">(${t('at.due')}: ${date(a.due)})</span></li>`)}</ul></section>`;
}

function DailyComps({ comps }) {
  if (!comps || !comps.length) return null;
  return html`<section class="card" id="daily-comps"><h2>${t('nav.competitions')}</h2>
    <${RunningComps} comps=${comps} idp="daily-comp" /></section>`;
}

/* issue 11: the period's revenue leaderboard and the running competitions
   (screens/rank.js), after the review's figures. */
function ReviewStandings({ rep }) {
  if (!rep.leaderboard) return null;
  return html`<section class="card" id="review-rank"><h2>${t('review.rank')}</h2>
    <${Standings} id="review-rank-table" rows=${rep.leaderboard} metric="revenue" isPct=${false} />
    <${RunningComps} comps=${rep.competitions} idp="review-comp" /></section>`;
}

/* The week's recognitions (issue 11, item 6): shown, and printed, when
   there are any. */
function Recognitions({ items }) {
  if (!items || !items.length) return null;
  return html`<section class="card" id="week-recognitions"><h2>${t('mgr.recognitions')}</h2>
    <ul class="plain">${items.map((g) => html`<li class="recognition" data-badge=${g.badge}>
      <b>${t(`badge.${g.badge}`)}</b> · ${g.user}${g.comment ? ` · ${g.comment}` : ''}</li>`)}</ul></section>`;
}

export function ReviewSheet({ rep }) {
  return html`
    <p class="subtitle">${date(rep.from)} — ${date(rep.to)} · ${t('daily.prev')}: ${date(rep.prev.from)} — ${date(rep.prev.to)}</p>
    <${Recognitions} items=${rep.recognitions} />
    <${Sheet} cols=${8} rows=${rep.rows}
      head=${html`<tr><th>${t('metric')}</th><th class="num">${t('plan')}</th><th class="num">${t('fact')}</th>
          <th>${t('pct')}</th><th class="num">${t('daily.prev')}: ${t('fact').toLowerCase()}</th>
          <th class="num">${t('daily.prev')}: %</th><th class="num">${t('daily.change')}</th><th class="num">${t('daily.change')} %</th></tr>`}
      body=${(r) => DAILY_METRICS.filter((k) => r.metrics && r.metrics[k]).map((k) => {
          const c = r.metrics[k];
          const cls = c.change > 0 ? 'txt-good' : c.change < 0 ? 'txt-bad' : '';
          return html`<tr><th scope="row">${t(`m.${k}`)}</th>
            <td class="num">${metricValue(k, c.plan)}</td><td class="num strong">${metricValue(k, c.fact)}</td>
            <td class="bar-cell"><${PctBar} value=${c.pct} pace=${pace(c.fact, c.plan, 1, 1)} /></td>
            <td class="num">${metricValue(k, c.prev_fact)}</td><td class="num">${pct(c.prev_pct, 0)}</td>
            <td class=${`num ${cls}`}>${c.change > 0 ? '+' : ''}${metricValue(k, c.change)}</td>
            <td class=${`num ${cls}`}>${c.change_pct > 0 ? '+' : ''}${pct(c.change_pct, 0)}</td></tr>`;
        })} />
    <${ReviewStandings} rep=${rep} />
    ${rep.kind === 'monthly' ? html`<${Investigations} items=${rep.investigations} period=${rep.from} />` : null}`;
}

export class Daily extends Component {
  constructor(props) {
    super(props);
    const q = currentQuery();
    this.state = { kind: q.get('kind') || 'daily', date: q.get('date') || today() };
  }
  set(patch) { this.setState(patch, () => setQuery({ kind: this.state.kind, date: this.state.date })); }
  render({ title }, { kind, date: d }) {
    return html`<div class="page daily">
      <header class="page-head">
        <h1>${title}${kind === 'daily' ? html` <span class="muted print-inline">${date(d)}</span>` : null}</h1>
        <div class="filters">
          <${Tabs} value=${kind} onChange=${(k) => this.set({ kind: k })}
            tabs=${[['daily', t('daily.tab.daily')], ['weekly', t('daily.tab.weekly')], ['monthly', t('daily.tab.monthly')]]} />
          <label>${t('daily.date')} <input type="date" value=${d} onChange=${(e) => e.target.value && this.set({ date: e.target.value })} /></label>
          <button class="btn" onClick=${() => window.print()}>${t('daily.print')}</button>
        </div>
      </header>
      <${Load} deps=${kind + d} fetch=${() => api.get(`/api/v1/reports/${kind}`, { date: d })}
        isEmpty=${(r) => !r || !r.rows || !r.rows.length}>${(rep) =>
          (kind === 'daily' ? html`<${DailySheet} rep=${rep} />` : html`<${ReviewSheet} rep=${rep} />`)}<//>
    </div>`;
  }
}
