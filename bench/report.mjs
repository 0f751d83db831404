// report.mjs - the last step of `make bench` (bench/run.sh): reads the
// timings and figures that voronka_bench and duck.mjs wrote to OUTDIR,
// checks that voronka's, SQLite's and DuckDB's figures are equal, and prints
// the table, and writes the issue-16 rows it has to OUTDIR/reports.txt
// (key=value, for summary.mjs). Exit 1 when the figures differ (a target
// not met only prints NOT MET).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const outDir = process.argv[2];
const json = (f) => JSON.parse(readFileSync(join(outDir, f), 'utf8'));
const lines = (f) =>
  readFileSync(join(outDir, f), 'utf8').split('\n').filter(Boolean).sort();
const vo = json('voronka.json'), sq = json('sqlite.json'), dk = json('duckdb.json');

let equal = true;
for (const r of ['planfact', 'funnel']) {
  const v = lines(`voronka-${r}.txt`);
  for (const other of ['sqlite', 'duckdb']) {
    const o = lines(`${other}-${r}.txt`);
    const vs = new Set(v), os = new Set(o);
    const onlyV = v.filter((l) => !os.has(l)), onlyO = o.filter((l) => !vs.has(l));
    if (onlyV.length || onlyO.length) {
      equal = false;
      console.log(`DIFFER ${r}: voronka vs ${other}: ${onlyV.length} lines only in voronka ` +
                  `(${onlyV.slice(0, 3).join('; ')}), ${onlyO.length} only in ${other} ` +
                  `(${onlyO.slice(0, 3).join('; ')})`);
    }
  }
  console.log(`${r}: ${v.length} nonzero figures (user, key) compared`);
}
// issue 12, clients: the ABC classes, voronka against DuckDB (abc.sql)
{
  const v = lines('voronka-abc.txt'), o = lines('duckdb-abc.txt');
  const vs = new Set(v), os = new Set(o);
  const onlyV = v.filter((l) => !os.has(l)), onlyO = o.filter((l) => !vs.has(l));
  if (onlyV.length || onlyO.length || !v.length) {
    equal = false;
    console.log(`DIFFER abc: voronka vs duckdb: ${onlyV.length} lines only in voronka ` +
                `(${onlyV.slice(0, 3).join('; ')}), ${onlyO.length} only in duckdb (${onlyO.slice(0, 3).join('; ')})`);
  }
  console.log(`abc: ${v.length} clients' classes and revenue compared`);
}

// issue 12, item 1: the ABC of products, voronka against DuckDB (abc_products.sql)
{
  const v = lines('voronka-abc-products.txt'), o = lines('duckdb-abc-products.txt');
  const vs = new Set(v), os = new Set(o);
  const onlyV = v.filter((l) => !os.has(l)), onlyO = o.filter((l) => !vs.has(l));
  if (onlyV.length || onlyO.length || !v.length) {
    equal = false;
    console.log(`DIFFER abc_products: voronka vs duckdb: ${onlyV.length} lines only in voronka ` +
                `(${onlyV.slice(0, 3).join('; ')}), ${onlyO.length} only in duckdb (${onlyO.slice(0, 3).join('; ')})`);
  }
  console.log(`abc_products: ${v.length} products' classes and revenue compared`);
}

// issue 12: the channels report against DuckDB (no SQLite twin)
{
  const v = lines('voronka-channels.txt'), o = lines('duckdb-channels.txt');
  const vs = new Set(v), os = new Set(o);
  const onlyV = v.filter((l) => !os.has(l)), onlyO = o.filter((l) => !vs.has(l));
  if (onlyV.length || onlyO.length || !v.length) {
    equal = false;
    console.log(`DIFFER channels: voronka vs duckdb: ${onlyV.length} lines only in voronka ` +
                `(${onlyV.slice(0, 3).join('; ')}), ${onlyO.length} only in duckdb (${onlyO.slice(0, 3).join('; ')})`);
  }
  console.log(`channels: ${v.length} nonzero figures (channel, metric) compared`);
}

const TARGET = { planfact: 5, funnel: 50, hygiene: 50, daily: 20, abc: 100, abc_products: 100, at_risk: 100, forecast: 1000,
                 investigations: 50, channels: 100 };
const NAME = { planfact: 'plan-fact (month, by user)', funnel: 'funnel (quarter, by user)',
               hygiene: 'hygiene', daily: 'daily report',
               abc: 'ABC/XYZ (12 months)', abc_products: 'ABC of products (12 months)', at_risk: 'at risk (+ churn)',
               forecast: 'forecast (10,000 runs + backtest)',
               investigations: 'investigations (month)' /* issue 12, item 6 */,
               channels: 'channels (month)' };
const f = (x, d = 2) => (x == null ? '—' : x.toFixed(d));
const pad = (s, n) => String(s).padEnd(n);
const cols = [26, 20, 10, 10, 15, 18, 13];
const row = (c) => console.log('| ' + c.map((x, i) => pad(x, cols[i])).join(' | ') + ' |');
console.log();
row(['report', 'voronka median ms', 'SQLite ms', 'DuckDB ms', 'ratio vs DuckDB', 'target', 'met?']);
row(cols.map((n) => '-'.repeat(n)));
for (const r of ['planfact', 'funnel', 'hygiene', 'daily', 'abc', 'abc_products', 'at_risk', 'forecast', 'investigations', 'channels']) {
  const v = vo[r];
  const s = sq[r], d = dk[r];
  const ratio = v && d ? d.median_ms / v.median_ms : null;
  let met = v == null ? 'not run' : v.median_ms <= TARGET[r] ? 'yes' : 'NOT MET';
  if (d && ratio < 5 && met === 'yes') met = 'NOT MET (<5x)';
  row([NAME[r], v ? `${f(v.median_ms, 3)} (p90 ${f(v.p90_ms, 3)})` : '—',
       s ? f(s.median_ms, 1) : '—', d ? f(d.median_ms, 1) : '—',
       ratio == null ? '—' : `${f(ratio, 1)}x`,
       `<= ${TARGET[r]} ms` + (d ? ', >= 5x' : ''), met]);
}
console.log();
console.log(`dataset: ${vo.deals} deals, ${vo.activities} activities`);
console.log(`load: ${f(vo.load_ms / 1000, 2)} s wall, ${f(vo.load_cpu_ms / 1000, 2)} s CPU (target <= 10 s: ${vo.load_ms <= 10000 ? 'yes' : 'NOT MET'})`);
console.log(`dataset memory: ${f(vo.dataset_bytes / 1048576, 1)} MiB; ` +
            `${f(vo.bytes_per_activity_row, 1)} bytes per activity row, ` +
            `${f(vo.bytes_per_activity_all, 1)} bytes per activity with every table ` +
            `(target <= 64: ${vo.bytes_per_activity_all <= 64 ? 'yes' : 'NOT MET'})`);
console.log(`peak RSS of voronka_bench: ${f(vo.peak_rss_mib, 1)} MiB`);
console.log(`DuckDB: CSV into in-memory tables ${f(dk.load_ms / 1000, 2)} s`);
console.log(`results equal (voronka = SQLite = DuckDB; abc, abc_products: voronka = DuckDB): ${equal ? 'yes' : 'no'}`);

// The issue-16 rows this run measured, as key=value lines for
// bench/summary.mjs (docs/bench.md, "The issue-16 table"): medians in ms;
// funnel_ratio_runs is DuckDB's time over voronka's, run i against run i.
const ms = (x) => (x == null ? 'null' : x.toFixed(3));
const kv = {
  deals: vo.deals, activities: vo.activities,
  load_wall_s: (vo.load_ms / 1000).toFixed(3), load_cpu_s: (vo.load_cpu_ms / 1000).toFixed(3),
  load_peak_rss_kb: Math.round(vo.load_peak_rss_mib * 1024),
  planfact_ms: ms(vo.planfact?.median_ms), planfact_p90_ms: ms(vo.planfact?.p90_ms),
  funnel_ms: ms(vo.funnel?.median_ms), funnel_p90_ms: ms(vo.funnel?.p90_ms),
  funnel_duckdb_ms: ms(dk.funnel?.median_ms),
  funnel_ratio_runs: vo.funnel && dk.funnel
    ? vo.funnel.runs_ms.map((v, i) => (dk.funnel.runs_ms[i] / v).toFixed(2)).join(',') : 'null',
  daily_ms: ms(vo.daily?.median_ms), daily_p90_ms: ms(vo.daily?.p90_ms),
};
writeFileSync(join(outDir, 'reports.txt'), Object.entries(kv).map(([k, v]) => `${k}=${v}\n`).join(''));
process.exit(equal ? 0 : 1);
