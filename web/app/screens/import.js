// import.js - the web import (issue 13, item 1; docs/import.md, "Web
// import"): a file (CSV, a zip of CSV files, XLSX or XLS) dropped or
// chosen, with a preset (told by the headers unless chosen) and "skip
// invalid rows"; it is checked first (POST /api/v1/import?dry_run=1) and
// the report shown: the preset found, the counts per file, every problem
// by file with its line and column, the warnings, where the deals' stages
// and owners land in the org. «Импортировать» sends the same file again
// without dry_run and shows the result with links to the deals and the
// board; «Отменить» starts over. For the administrator and the head, as
// the API's import (a manager gets 403 there and no entry here).
import { html, Component, createRef } from '../lib.js';
import { api, upload } from '../api.js';
import { t, num, getLang } from '../i18n.js';
import { ErrorBox } from '../ui.js';

const ACCEPT = '.csv,.zip,.xlsx,.xls';

/* A note's text in the user's language. */
const noteText = (n) => (getLang() === 'ru' && n.message_ru ? n.message_ru : n.message);

/* Notes (problems or warnings) grouped by file, in the order they come. */
function byFile(notes) {
  const groups = new Map();
  for (const n of notes) {
    const f = n.file || '';
    if (!groups.has(f)) groups.set(f, []);
    groups.get(f).push(n);
  }
  return [...groups.entries()];
}

/* A list of notes by file, scrolling when long. */
function Notes({ id, notes, kind }) {
  return html`<div class="imp-notes" id=${id} tabindex="0">
    ${byFile(notes).map(([file, rows]) => html`<section class="imp-file">
      <h3>${file || t('imp.nofile')} <span class="muted">(${num(rows.length)})</span></h3>
      <div class="table-wrap"><table class="grid imp-note-rows">
        <thead><tr><th class="num">${t('imp.line')}</th><th>${t('imp.column')}</th><th>${t(kind === 'w' ? 'imp.warning' : 'imp.problem')}</th></tr></thead>
        <tbody>${rows.map((n) => html`<tr><td class="num">${n.line ?? '—'}</td><td>${n.column || '—'}</td><td>${noteText(n)}</td></tr>`)}</tbody>
      </table></div></section>`)}
  </div>`;
}

/* What a file of the format holds, in the reader's words (the file's
 * name beside it, small: docs/import.md names the files). */
function fileLabel(file) {
  const key = 'imp.what.' + file.replace(/\.csv$/, '');
  const label = t(key);
  return label === key ? file : html`${label} <span class="muted">${file}</span>`;
}

function Counts({ rep }) {
  const rej = rep.rejected !== undefined;
  return html`<div class="table-wrap"><table class="grid" id="imp-counts">
    <thead><tr><th>${t('imp.what')}</th><th class="num">${t('imp.rows')}</th><th class="num">${t('imp.created')}</th>
      <th class="num">${t('imp.updated')}</th><th class="num">${t('imp.unchanged')}</th>
      ${rej ? html`<th class="num">${t('imp.rejected')}</th>` : null}</tr></thead>
    <tbody>${rep.files.map((f) => html`<tr data-file=${f.file}><th scope="row">${fileLabel(f.file)}</th><td class="num">${num(f.rows)}</td>
      <td class="num">${num(f.created)}</td><td class="num">${num(f.updated)}</td><td class="num">${num(f.unchanged)}</td>
      ${rej ? html`<td class="num">${num(f.rejected || 0)}</td>` : null}</tr>`)}</tbody>
  </table></div>`;
}

const MATCH_CLASS = { existing: 'badge-good', created: 'badge-warn', unmatched: 'badge-bad' };

function stageMatch(s) {
  if (s.match === 'existing') return t('imp.m.stage', { name: s.stage_name });
  if (s.match === 'created') return t('imp.m.newstage', { name: s.stage_name || '' });
  return t('imp.m.nostage');
}

function Stages({ rows }) {
  return html`<div class="table-wrap"><table class="grid" id="imp-stages">
    <thead><tr><th>${t('imp.pipeline')}</th><th>${t('imp.stage')}</th><th>${t('imp.status')}</th>
      <th class="num">${t('imp.deals')}</th><th>${t('imp.match')}</th></tr></thead>
    <tbody>${rows.map((s) => html`<tr data-match=${s.match}>
      <td>${s.pipeline}</td><td>${s.stage ?? html`<span class="muted">${t('imp.nostage')}</span>`}</td>
      <td>${t(`deal.status.${s.status}`)}</td><td class="num">${num(s.deals)}</td>
      <td><span class=${`badge ${MATCH_CLASS[s.match]}`}>${stageMatch(s)}</span></td></tr>`)}</tbody>
  </table></div>`;
}

function userMatch(u) {
  if (u.match === 'existing') return u.user_name;
  if (u.match === 'created') return t('imp.m.newuser');
  return t('imp.m.nouser');
}

function Users({ rows }) {
  return html`<div class="table-wrap"><table class="grid" id="imp-users">
    <thead><tr><th>${t('imp.owner')}</th><th class="num">${t('imp.deals')}</th><th>${t('imp.match')}</th></tr></thead>
    <tbody>${rows.map((u) => html`<tr data-match=${u.match}><td>${u.owner}</td><td class="num">${num(u.deals)}</td>
      <td><span class=${`badge ${MATCH_CLASS[u.match]}`}>${userMatch(u)}</span></td></tr>`)}</tbody>
  </table></div>`;
}

/* Line numbers as runs: 3-5, 9. */
function runs(lines) {
  const out = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
    out.push(j > i ? `${lines[i]}–${lines[j]}` : `${lines[i]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/* How the preset (or mapping) read the export: each source file's rows
 * per part of the import, and the rows it declined with the reason and
 * their lines (nothing is dropped silently). */
function Mapping({ map }) {
  return html`<section class="card" id="imp-mapping"><h2>${t('imp.h.mapping')}</h2>
    <div class="table-wrap"><table class="grid" id="imp-sources">
      <thead><tr><th>${t('imp.file')}</th><th>${t('imp.what')}</th><th class="num">${t('imp.src.read')}</th>
        <th class="num">${t('imp.src.produced')}</th><th class="num">${t('imp.src.merged')}</th><th class="num">${t('imp.src.skipped')}</th></tr></thead>
      <tbody>${map.sources.map((s) => html`<tr><td>${s.file}</td><td>${fileLabel(s.target)}</td><td class="num">${num(s.read)}</td>
        <td class="num">${num(s.produced)}</td><td class="num">${num(s.merged)}</td><td class="num">${num(s.skipped)}</td></tr>`)}</tbody>
    </table></div>
    ${map.skipped.length ? html`<h3>${t('imp.h.mapskipped')}</h3><ul class="imp-mapskips" id="imp-mapskips">
      ${map.skipped.map((g) => html`<li><b>${g.file}</b>: ${t('imp.mapskip', { n: num(g.rows), reason: g.reason })}
        <div class="muted">${t(g.rows === 1 ? 'imp.mapskip.line' : 'imp.mapskip.lines')} ${runs(g.lines)}${g.lines_truncated ? ' …' : ''}</div></li>`)}
    </ul>` : null}
  </section>`;
}

/* The report of a check (dry run) or of the import itself. */
function Report({ rep, done }) {
  const problems = rep.problems || [];
  const warnings = rep.warnings || [];
  return html`<div class="imp-report" id=${done ? 'imp-result' : 'imp-report'}>
    ${rep.preset ? html`<p id="imp-preset">${t(rep.preset_detected ? 'imp.preset.found' : 'imp.preset.used', { name: rep.preset_name })}</p>` : null}
    <section class="card">
      <h2>${t(done ? 'imp.h.done' : 'imp.h.counts')}</h2>
      <p class="imp-totals">${t('imp.totals', { c: num(rep.created), u: num(rep.updated), s: num(rep.unchanged) })}</p>
      <${Counts} rep=${rep} />
    </section>
    ${problems.length ? html`<section class="card imp-problems">
      <h2>${t(rep.rejected === undefined ? 'imp.h.problems' : done ? 'imp.h.skipped' : 'imp.h.rejected', { n: num(rep.problems_total ?? problems.length) })}</h2>
      <${Notes} id="imp-problems" notes=${problems} kind="p" /></section>` : null}
    ${!done && rep.mapping ? html`<${Mapping} map=${rep.mapping} />` : null}
    ${!done && rep.stages && rep.stages.length ? html`<section class="card"><h2>${t('imp.h.stages')}</h2>
      <p class="subtitle">${t('imp.stages.note')}</p><${Stages} rows=${rep.stages} /></section>` : null}
    ${!done && rep.users && rep.users.length ? html`<section class="card"><h2>${t('imp.h.users')}</h2>
      <${Users} rows=${rep.users} /></section>` : null}
    ${warnings.length ? html`<section class="card"><h2>${t('imp.h.warnings', { n: num(warnings.length) })}</h2>
      <${Notes} id="imp-warnings" notes=${warnings} kind="w" /></section>` : null}
  </div>`;
}

export class Import extends Component {
  constructor(props) {
    super(props);
    this.state = { presets: null, preset: '', skip: false, file: null, busy: false, drag: false,
      report: null, status: 0, result: null, error: null };
    this.input = createRef();
  }
  componentDidMount() {
    api.get('/api/v1/import/presets').then((d) => this.setState({ presets: d.items }),
      (error) => this.setState({ error }));
    // a file dropped beside the zone is not opened by the browser in place of the app
    this.guard = (e) => { if (!e.target.closest || !e.target.closest('#imp-drop')) e.preventDefault(); };
    window.addEventListener('dragover', this.guard);
    window.addEventListener('drop', this.guard);
  }
  componentWillUnmount() {
    window.removeEventListener('dragover', this.guard);
    window.removeEventListener('drop', this.guard);
  }
  reset() {
    if (this.input.current) this.input.current.value = '';
    this.setState({ file: null, busy: false, report: null, status: 0, result: null, error: null });
  }
  /* Sends the file: a check (dry) or the import; the report either way. */
  async send(file, dry) {
    const { preset, skip } = this.state;
    const q = new URLSearchParams({ lang: getLang() === 'en' ? 'en' : 'ru' });
    if (dry) q.set('dry_run', '1');
    if (preset) q.set('preset', preset);
    if (skip) q.set('skip_invalid', '1');
    const form = new FormData();
    form.append('file', file, file.name);
    this.setState({ busy: true, error: null });
    try {
      const r = await upload(`/api/v1/import?${q}`, form, (st, d) => st === 422 && d && Array.isArray(d.problems));
      if (dry) this.setState({ busy: false, file, report: r.data, status: r.status, result: null });
      else this.setState({ busy: false, result: r.data, status: r.status });
    } catch (error) {
      this.setState({ busy: false, error, file: dry ? null : file });
    }
  }
  pick(files) {
    const f = files && files[0];
    if (f) this.send(f, true);
  }
  drop(e) {
    e.preventDefault();
    this.setState({ drag: false });
    if (!this.state.busy) this.pick(e.dataTransfer && e.dataTransfer.files);
  }
  render({ title }, { presets, preset, skip, file, busy, drag, report, status, result, error }) {
    const checked = report && !result;
    const ok = checked && status === 200 && !(report.problems.length && report.rejected === undefined);
    const importedRows = result && result.committed;
    return html`<div class="page imp-page">
      <header class="page-head"><h1>${title}</h1></header>
      <p class="subtitle">${t('imp.intro')}</p>
      ${!report && !result ? html`<section class="card">
        <div class="imp-options">
          <label>${t('imp.preset')}
            <select id="imp-preset-select" value=${preset} disabled=${busy} onChange=${(e) => this.setState({ preset: e.target.value })}>
              <option value="">${t('imp.preset.auto')}</option>
              ${(presets || []).map((p) => html`<option value=${p.name}>${getLang() === 'ru' ? p.title_ru : p.title}</option>`)}
            </select></label>
          <label class="imp-check"><input type="checkbox" id="imp-skip" checked=${skip} disabled=${busy}
            onChange=${(e) => this.setState({ skip: e.target.checked })} /> ${t('imp.skip')}</label>
        </div>
        <div id="imp-drop" class=${`imp-drop${drag ? ' over' : ''}`}
          onDragOver=${(e) => { e.preventDefault(); if (!drag) this.setState({ drag: true }); }}
          onDragLeave=${() => this.setState({ drag: false })} onDrop=${(e) => this.drop(e)}>
          <p>${busy ? t('imp.checking') : t('imp.drop')}</p>
          <input type="file" id="imp-file" accept=${ACCEPT} ref=${this.input} disabled=${busy} class="sr-only"
            onChange=${(e) => this.pick(e.target.files)} />
          <label for="imp-file" class=${`btn btn-primary${busy ? ' disabled' : ''}`}>${t('imp.choose')}</label>
          <p class="muted">${t('imp.formats')}</p>
        </div>
      </section>` : null}
      <${ErrorBox} error=${error} />
      ${checked ? html`<p class="imp-file-name">${t('imp.checked', { name: file ? file.name : '' })}</p>` : null}
      ${result ? html`<${Report} rep=${result} done=${true} />` : report ? html`<${Report} rep=${report} />` : null}
      ${checked ? html`<div class="imp-actions">
        ${ok ? html`<p class="imp-verdict">${t('imp.ready')}</p>` : html`<p class="imp-verdict imp-bad">${t('imp.cannot')}</p>`}
        ${ok ? html`<button class="btn btn-primary" id="imp-confirm" disabled=${busy} onClick=${() => this.send(file, false)}>${busy ? t('imp.importing') : t('imp.confirm')}</button>` : null}
        <button class="btn" id="imp-cancel" disabled=${busy} onClick=${() => this.reset()}>${t('imp.cancel')}</button>
      </div>` : null}
      ${result ? html`<div class="imp-actions" id="imp-done">
        <p class="imp-verdict">${importedRows ? t('imp.done') : t('imp.notdone')}</p>
        <a class="btn btn-primary" href="/deals">${t('imp.to.deals')}</a>
        <a class="btn" href="/board">${t('imp.to.board')}</a>
        <button class="btn" id="imp-again" onClick=${() => this.reset()}>${t('imp.again')}</button>
      </div>` : null}
    </div>`;
  }
}
