// summary.mjs - the issue-16 table of `make bench` (docs/bench.md, "The
// issue-16 table"): every row with what was measured, its target, the
// ratio to its peer where it has one, and MET / NOT MET.
//
// node bench/summary.mjs OUTDIR
//
// Reads only results files of OUTDIR, each key=value pairs (separated by
// newlines or spaces):
//   reports.txt   bench/report.mjs (voronka_bench and duck.mjs): the load,
//                 its peak RSS, plan-fact, funnel (with DuckDB run by run),
//                 daily
//   http.txt      bench/http.sh: durable moves, the deal GET, the report GET,
//                 nginx beside them, and the raw SQLite commit stream peer
//   demo-gen.txt  bench/run.sh: `voronka demo` generating the company
//   import.txt    bench/import.sh: the voronka CSV format import
//   snapshot.txt  bench/run.sh (voronka_bench_snap): the dataset snapshot
//                 read in a fresh process, its peak RSS
// A file or figure missing prints "not measured" with the command that
// measures it, never a figure. Exit 0 whatever the verdicts (a target not
// met only prints NOT MET); 2 on usage.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ONE_M = 1000000; // the company the targets are set for (1M deals, 10M activities)

// readKv(dir, file): the file's key=value pairs, or null when it is absent.
export function readKv(dir, file) {
  const path = join(dir, file);
  if (!existsSync(path)) return null;
  const kv = {};
  for (const tok of readFileSync(path, 'utf8').split(/\s+/)) {
    const eq = tok.indexOf('=');
    if (eq > 0) kv[tok.slice(0, eq)] = tok.slice(eq + 1);
  }
  return kv;
}

// num(kv, key): the value as a finite number, or null (absent, "null", not a number).
function num(kv, key) {
  if (!kv || kv[key] == null || kv[key] === '' || kv[key] === 'null') return null;
  const x = Number(kv[key]);
  return Number.isFinite(x) ? x : null;
}

// 1234567 -> "1,234,567" (not toLocaleString: a node without ICU data)
const int = (x) => String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const fix = (x, d) => x.toFixed(d);

// A check: ok true (met), false (not met) or null (not measured, with why).
const check = (ok, why) => ({ ok, why });
const measuredCheck = (x, pred, why) => (x == null ? check(null, why) : check(pred(x), why));

// verdict(checks, deals): NOT MET when any check fails, else "not measured"
// when any is missing, else MET; a company smaller than the targets' says
// so beside the verdict.
export function verdict(checks, deals) {
  let v;
  const missing = checks.filter((c) => c.ok === null);
  if (checks.some((c) => c.ok === false)) v = 'NOT MET';
  else if (missing.length) return `not measured: ${missing.map((c) => c.why).join('; ')}`;
  else v = 'MET';
  if (Number.isNaN(deals)) v += ' (the number of deals not given)';
  else if (deals != null && deals !== ONE_M) v += ` (on ${int(deals)} deals, not the 1M company)`;
  return v;
}

// rows(dir): the table's rows, each { work, measured, target, ratio, verdict }.
export function rows(dir) {
  const rep = readKv(dir, 'reports.txt');
  const http = readKv(dir, 'http.txt');
  const gen = readKv(dir, 'demo-gen.txt');
  const imp = readKv(dir, 'import.txt');
  const snap = readKv(dir, 'snapshot.txt');
  const RUN = 'bash bench/run.sh';
  const HTTP = 'make bench-http';
  const GEN = 'rm bench/cache/demo-*.db.done && bash bench/run.sh (generates it again, timed)';
  const IMP = 'bash bench/import.sh';
  const deals = num(rep, 'deals');
  const out = [];
  const add = (work, target, measured, ratio, checks, dealsOf) =>
    out.push({ work, target, measured, ratio, verdict: verdict(checks, dealsOf) });
  const absent = (work, target, cmd) =>
    out.push({ work, target, measured: 'not measured', ratio: '—', verdict: `not measured: ${cmd}` });

  // 1. durable writes
  {
    const work = 'durable writes, 32 clients (deal moves/s via HTTP)';
    const target = '>= 20,000/s, >= 2.5x SQLite 1-row commits, p99 < 20 ms, acks durable';
    const mps = num(http, 'moves_per_s'), p99 = num(http, 'p99_ms'), raw = num(http, 'raw_commits_per_s');
    const durable = http?.durable ?? null;
    if (!http || mps == null) absent(work, target, HTTP);
    else {
      const r = raw != null && raw > 0 ? mps / raw : null;
      add(work, target,
        `${int(mps)}/s, p99 ${p99 == null ? '?' : fix(p99, 2)} ms, durable ${durable ?? '?'}`,
        r == null ? 'SQLite commits: not measured' : `${fix(r, 2)}x SQLite commits (${int(raw)}/s)`,
        [check(mps >= 20000),
          measuredCheck(r, (x) => x >= 2.5, `the raw SQLite commit peer (raw_commits_per_s in http.txt; ${HTTP})`),
          measuredCheck(p99, (x) => x < 20, `p99_ms in http.txt (${HTTP})`),
          durable == null ? check(null, `durable in http.txt (${HTTP})`) : check(durable === 'yes')],
        deals);
    }
  }
  // 2. GET a deal; 3. the cached report
  for (const [key, work, target, minRatio, p99Max] of [
    ['deal', 'GET a deal with a token', '>= 0.75 of nginx serving the same bytes; p99 < 5 ms', 0.75, 5],
    ['report', 'report over HTTP (cached)', '>= 0.9 of nginx', 0.9, null]]) {
    const rps = num(http, `${key}_rps`), nrps = num(http, `nginx_${key}_rps`);
    const p99 = num(http, `${key}_p99_ms`), errs = num(http, `${key}_errors`);
    if (!http || rps == null) {
      absent(work, target, HTTP);
      continue;
    }
    const r = nrps != null && nrps > 0 ? rps / nrps : null;
    const checks = [measuredCheck(r, (x) => x >= minRatio, `nginx_${key}_rps in http.txt (${HTTP})`)];
    if (p99Max != null) checks.push(measuredCheck(p99, (x) => x < p99Max, `${key}_p99_ms in http.txt (${HTTP})`));
    // a response that is an error is not a read served
    if (errs != null) checks.push(check(errs === 0));
    add(work, target,
      `${int(rps)} req/s` + (p99 != null ? `, p99 ${fix(p99, 2)} ms` : '') + (errs ? `, ${int(errs)} errors` : ''),
      r == null ? 'nginx: not measured' : `${fix(r, 2)} of nginx (${int(nrps)} req/s)`, checks, deals);
  }
  // 4-8: voronka_bench (reports.txt)
  // A restart reads the snapshot (snapshot.txt) when there is one; the
  // load from the database, the first start's, is its peer. Without a
  // snapshot measured, the load from the database is the row.
  {
    const lw = num(rep, 'load_wall_s'), lc = num(rep, 'load_cpu_s');
    const sl = num(snap, 'snap_load_ms'), sc = num(snap, 'snap_load_cpu_ms');
    const cold = snap?.snap_cold === '1' ? 'page cache dropped' : 'page cache warm';
    const work = 'dataset load, 1M deals + 10M activities', target = '<= 3 s wall from a cold start';
    if (sl != null) add(work, target,
      `${fix(sl / 1000, 2)} s wall from the snapshot (${sc == null ? '?' : fix(sc / 1000, 2)} s CPU, ${cold})`,
      lw == null ? 'from the database: not measured' : `from the database: ${fix(lw, 2)} s`,
      [check(sl / 1000 <= 3)], deals);
    else if (lw == null) absent(work, target, RUN);
    else add(work, target, `${fix(lw, 2)} s wall (${lc == null ? '?' : fix(lc, 2)} s CPU)`, '—',
      [check(lw <= 3)], deals);
  }
  // The restart after the moves of the write run (http.txt): the snapshot
  // written before them read, and their changes replayed from the store.
  {
    const work = 'dataset load after writes (snapshot + the changes since)';
    const target = '<= 3 s wall; equal to a load';
    const ms = num(http, 'replay_ms'), n = num(http, 'replayed'), same = http?.replay_same ?? null;
    if (ms == null) absent(work, target, HTTP);
    else add(work, target, `${fix(ms / 1000, 2)} s wall, ${n == null ? '?' : int(n)} changes replayed`,
      `equal to a load: ${same ?? '?'}`,
      [check(ms / 1000 <= 3), same == null ? check(null, `replay_same in http.txt (${HTTP})`)
        : check(same === 'yes')], deals);
  }
  {
    const kbs = [num(rep, 'load_peak_rss_kb'), num(snap, 'snap_peak_rss_kb')].filter((x) => x != null);
    const kb = kbs.length ? Math.max(...kbs) : null;
    const work = 'peak memory while loading that org', target = '<= 1 GiB';
    if (kb == null) absent(work, target, RUN);
    else add(work, target, `${fix(kb / 1024, 1)} MiB peak RSS`, '—', [check(kb <= 1024 * 1024)], deals);
  }
  {
    const m = num(rep, 'planfact_ms'), p90 = num(rep, 'planfact_p90_ms');
    const work = 'plan-fact month by user', target = '<= 0.5 ms';
    if (m == null) absent(work, target, RUN);
    else add(work, target, `${fix(m, 3)} ms median (p90 ${p90 == null ? '?' : fix(p90, 3)})`, '—',
      [check(m <= 0.5)], deals);
  }
  {
    const work = 'funnel quarter by user', target = '<= 2 ms and >= 10x DuckDB in every run';
    const m = num(rep, 'funnel_ms'), p90 = num(rep, 'funnel_p90_ms');
    const ratios = rep?.funnel_ratio_runs && rep.funnel_ratio_runs !== 'null'
      ? rep.funnel_ratio_runs.split(',').map(Number) : null;
    if (m == null) absent(work, target, RUN);
    else {
      const ok = ratios && ratios.length && ratios.every(Number.isFinite);
      const sorted = ok ? [...ratios].sort((a, b) => a - b) : null;
      const below = ok ? ratios.filter((x) => x < 10).length : 0;
      add(work, target, `${fix(m, 3)} ms median (p90 ${p90 == null ? '?' : fix(p90, 3)})`,
        ok ? `DuckDB / voronka run by run: min ${fix(sorted[0], 1)}x, median ${fix(sorted[sorted.length >> 1], 1)}x; ` +
          `${ratios.length - below} of ${ratios.length} runs >= 10x` : 'DuckDB: not measured',
        [check(m <= 2), ok ? check(below === 0) : check(null, `funnel_ratio_runs in reports.txt (${RUN})`)],
        deals);
    }
  }
  {
    const m = num(rep, 'daily_ms'), p90 = num(rep, 'daily_p90_ms');
    const work = 'daily report', target = '<= 3 ms';
    if (m == null) absent(work, target, RUN);
    else add(work, target, `${fix(m, 3)} ms median (p90 ${p90 == null ? '?' : fix(p90, 3)})`, '—',
      [check(m <= 3)], deals);
  }
  // 9. the demo generator
  {
    const work = '`voronka demo --deals 1000000`', target = '<= 60 s';
    const w = num(gen, 'wall_s'), c = num(gen, 'cpu_s'), kb = num(gen, 'peak_rss_kb'), d = num(gen, 'deals');
    if (w == null) absent(work, target, GEN);
    else add(work, target,
      `${fix(w, 1)} s wall (${c == null ? '?' : fix(c, 1)} s CPU), peak RSS ${kb == null ? '?' : fix(kb / 1024, 0)} MiB`,
      '—', [check(w <= 60)], d ?? NaN);
  }
  // 10. the import
  {
    const work = 'import, voronka CSV format', target = '>= 500,000 rows/s into SQLite; flat memory on a 10 GB export';
    const rps = num(imp, 'rows_per_s'), rowsN = num(imp, 'rows'), w = num(imp, 'wall_s'), kb = num(imp, 'peak_rss_kb');
    if (rps == null) absent(work, target, IMP);
    else {
      const v = verdict([check(rps >= 500000)], null);
      out.push({ work, target,
        measured: `${int(rps)} rows/s (${rowsN == null ? '?' : int(rowsN)} rows, ${w == null ? '?' : fix(w, 1)} s), ` +
          `peak RSS ${kb == null ? '?' : fix(kb / 1024, 1)} MiB`,
        ratio: '—',
        // one import's peak RSS cannot show that memory stays flat as the export grows
        verdict: `${v} (rate; memory: not judged from one import)` });
    }
  }
  return out;
}

export function render(dir) {
  const rep = readKv(dir, 'reports.txt');
  const lines = [];
  const deals = num(rep, 'deals'), acts = num(rep, 'activities');
  lines.push('The issue-16 table (docs/bench.md, "The issue-16 table"): results of ' + dir +
    (deals == null ? '' : `; company ${int(deals)} deals, ${acts == null ? '?' : int(acts)} activities`));
  const head = ['work', 'measured', 'target', 'ratio to the peer', 'verdict'];
  const body = rows(dir).map((r) => [r.work, r.measured, r.target, r.ratio, r.verdict]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (c) => '| ' + c.map((x, i) => x.padEnd(w[i])).join(' | ') + ' |';
  lines.push(fmt(head), '|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|', ...body.map(fmt));
  return lines.join('\n') + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error('usage: node bench/summary.mjs OUTDIR');
    process.exit(2);
  }
  process.stdout.write('\n' + render(dir));
}
