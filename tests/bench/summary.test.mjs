// summary.test.mjs - ctest bench_summary: bench/summary.mjs's verdicts on
// made-up results files in a temporary directory (docs/bench.md, "The
// issue-16 table"), so its MET / NOT MET logic cannot rot unseen between
// the rare `make bench` runs.
//
// node tests/bench/summary.test.mjs SUMMARY_MJS
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const summary = process.argv[2];
assert.ok(summary, 'usage: node summary.test.mjs SUMMARY_MJS');

const WORK = {
  writes: 'durable writes, 32 clients',
  deal: 'GET a deal with a token',
  report: 'report over HTTP (cached)',
  load: 'dataset load,',
  replay: 'dataset load after writes',
  memory: 'peak memory while loading',
  planfact: 'plan-fact month by user',
  funnel: 'funnel quarter by user',
  daily: 'daily report',
  demo: '`voronka demo --deals 1000000`',
  import: 'import, voronka CSV format',
};

// run(files): summary.mjs on a fresh directory holding `files` (name ->
// text); each row's cells by key of WORK, and the exit status.
function run(files) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-summary-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = spawnSync(process.execPath, [summary, dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, `summary.mjs exited ${r.status}: ${r.stderr}`);
    const rows = {};
    for (const [key, work] of Object.entries(WORK)) {
      const line = r.stdout.split('\n').find((l) => l.startsWith(`| ${work}`));
      assert.ok(line, `no row "${work}" in:\n${r.stdout}`);
      const c = line.split(' | ').map((x) => x.replace(/^\| /, '').replace(/ \|$/, '').trim());
      rows[key] = { measured: c[1], target: c[2], ratio: c[3], verdict: c[4] };
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 1. No results at all: every row "not measured" with its command.
{
  const r = run({});
  for (const key of Object.keys(WORK)) {
    assert.equal(r[key].measured, 'not measured', key);
    assert.match(r[key].verdict, /^not measured: \S/, key);
  }
  assert.match(r.planfact.verdict, /bash bench\/run\.sh/);
  assert.match(r.writes.verdict, /make bench-http/);
  assert.match(r.import.verdict, /bash bench\/import\.sh/);
  assert.match(r.demo.verdict, /bench\/run\.sh/);
}

// 2. The 1M company, met and not met side by side; no demo-gen.txt.
{
  const r = run({
    // newline-separated, as report.mjs writes it
    'reports.txt': ['deals=1000000', 'activities=10035306', 'load_wall_s=2.900', 'load_cpu_s=4.1',
      'load_peak_rss_kb=1048577', 'planfact_ms=0.400', 'planfact_p90_ms=0.9', 'funnel_ms=1.500',
      'funnel_p90_ms=1.9', 'funnel_duckdb_ms=20', 'funnel_ratio_runs=12.00,11.50,9.99',
      'daily_ms=3.000', 'daily_p90_ms=3.5'].join('\n') + '\n',
    'http.txt': ['moves_per_s=25000', 'p99_ms=10', 'durable=yes', 'deal_rps=75000',
      'nginx_deal_rps=100000', 'deal_p99_ms=4.99', 'deal_errors=0', 'report_rps=899',
      'nginx_report_rps=1000', 'report_errors=0'].join('\n') + '\n',
    // space-separated, as the brief's one-liners
    'import.txt': 'rows=1000000 wall_s=1.6 cpu_s=1.5 rows_per_s=625000 peak_rss_kb=40960\n',
  });
  assert.equal(r.load.verdict, 'MET');
  assert.equal(r.memory.verdict, 'NOT MET', '1 KiB over 1 GiB');
  assert.equal(r.planfact.verdict, 'MET');
  assert.equal(r.daily.verdict, 'MET', 'the bound itself is met (<=)');
  assert.equal(r.funnel.verdict, 'NOT MET', 'one run of three under 10x');
  assert.match(r.funnel.ratio, /min 10\.0x.*2 of 3 runs >= 10x/);
  assert.equal(r.deal.verdict, 'MET', '0.75 of nginx, p99 under 5 ms');
  assert.match(r.deal.ratio, /^0\.75 of nginx \(100,000 req\/s\)$/);
  assert.equal(r.report.verdict, 'NOT MET', '0.899 of nginx');
  // the peer missing, everything else met: not a verdict
  assert.match(r.writes.verdict, /^not measured: .*raw_commits_per_s/);
  assert.match(r.demo.verdict, /^not measured: /);
  assert.equal(r.demo.measured, 'not measured');
  assert.match(r.import.verdict, /^MET \(rate/);
  assert.match(r.import.measured, /^625,000 rows\/s/);
}

// 3. A small company; the peer present; failures of each kind.
{
  const r = run({
    'reports.txt': 'deals=20000 activities=200000 load_wall_s=0.2 load_peak_rss_kb=50000 ' +
      'planfact_ms=0.5 funnel_ms=0.1 funnel_ratio_runs=10,30,40 daily_ms=3.001\n',
    'http.txt': 'moves_per_s=30000 p99_ms=19.9 durable=yes raw_commits_per_s=10000 deal_rps=90 ' +
      'nginx_deal_rps=100 deal_p99_ms=5 report_rps=95 nginx_report_rps=100 report_errors=3\n',
    'demo-gen.txt': 'deals=1000000\nwall_s=59.5\ncpu_s=80\npeak_rss_kb=900000\n',
    'import.txt': 'rows=10 rows_per_s=499999\n',
  });
  const small = ' (on 20,000 deals, not the 1M company)';
  assert.equal(r.load.verdict, 'MET' + small);
  assert.equal(r.planfact.verdict, 'MET' + small);
  assert.equal(r.funnel.verdict, 'MET' + small, 'every run >= 10x');
  assert.equal(r.daily.verdict, 'NOT MET' + small);
  assert.equal(r.writes.verdict, 'MET' + small, '30,000/s, 3.0x the commits, p99 19.9 ms');
  assert.match(r.writes.ratio, /^3\.00x SQLite commits \(10,000\/s\)$/);
  assert.equal(r.deal.verdict, 'NOT MET' + small, 'p99 of 5 ms is not under 5 ms');
  assert.equal(r.report.verdict, 'NOT MET' + small, 'errors');
  assert.equal(r.demo.verdict, 'MET', 'the demo row is on its own deals');
  assert.match(r.import.verdict, /^NOT MET/);
}

// 4. A ratio under 2.5x, a lost move, a slow demo of fewer deals.
{
  const r = run({
    'http.txt': 'moves_per_s=30000 p99_ms=1 durable=yes raw_commits_per_s=12001\n',
    'demo-gen.txt': 'deals=20000 wall_s=61 cpu_s=60 peak_rss_kb=1\n',
  });
  assert.equal(r.writes.verdict, 'NOT MET');
  assert.equal(r.demo.verdict, 'NOT MET (on 20,000 deals, not the 1M company)');
  // the reads not in the file: not measured, never a figure
  assert.equal(r.deal.measured, 'not measured');
  const lost = run({ 'http.txt': 'moves_per_s=30000 p99_ms=1 durable=no raw_commits_per_s=1\n' });
  assert.equal(lost.writes.verdict, 'NOT MET');
}

// 5. The snapshot: its read is the load row, the database its peer; the
// memory row the larger peak of the two.
{
  const r = run({
    'reports.txt': 'deals=1000000 load_wall_s=9.5 load_peak_rss_kb=800000\n',
    'snapshot.txt': 'snap_load_ms=2999 snap_load_cpu_ms=2000 snap_cold=1 snap_peak_rss_kb=1048577\n',
  });
  assert.equal(r.load.verdict, 'MET', 'the snapshot read, not the load from the database');
  assert.match(r.load.measured, /^3\.00 s wall from the snapshot \(2\.00 s CPU, page cache dropped\)$/);
  assert.equal(r.load.ratio, 'from the database: 9.50 s');
  assert.equal(r.memory.verdict, 'NOT MET', 'the snapshot read peaked over 1 GiB');
  const slow = run({ 'snapshot.txt': 'snap_load_ms=3001 snap_peak_rss_kb=1\n' });
  assert.equal(slow.load.verdict, 'NOT MET');
  assert.match(slow.load.measured, /page cache warm/);
  assert.equal(slow.load.ratio, 'from the database: not measured');
  assert.equal(slow.memory.verdict, 'MET');
}

// 6. The restart after the write run: the snapshot and the changes since
// replayed (http.txt), met only within 3 s and equal to a load.
{
  const r = run({ 'http.txt': 'replay_ms=2500 replay_cpu_ms=2400 replayed=133000 replay_same=yes\n' });
  assert.equal(r.replay.verdict, 'MET');
  assert.match(r.replay.measured, /^2\.50 s wall, 133,?000 changes replayed$/);
  assert.equal(r.replay.ratio, 'equal to a load: yes');
  assert.equal(run({ 'http.txt': 'replay_ms=2500 replayed=1 replay_same=no\n' }).replay.verdict,
    'NOT MET');
  assert.equal(run({ 'http.txt': 'replay_ms=3001 replayed=1 replay_same=yes\n' }).replay.verdict,
    'NOT MET');
}

// 7. Usage.
assert.equal(spawnSync(process.execPath, [summary]).status, 2);
console.log('bench/summary.mjs: every case passed');
