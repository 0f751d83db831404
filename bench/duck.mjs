// duck.mjs - the DuckDB side of `make bench` (bench/run.sh).
//
// node bench/duck.mjs CSVDIR SQLDIR OUTDIR
//
// Loads the tables the SQL reads (CSVDIR/<table>.csv, exported from the
// bench's SQLite file by run.sh) into in-memory DuckDB tables, warms them
// with one untimed run of each query, then runs SQLDIR/planfact.sql and
// SQLDIR/funnel.sql RUNS times each with the bounds of OUTDIR/params.json
// (written by voronka_bench: UTC seconds of the org's local periods) bound
// as parameters. Writes OUTDIR/duckdb.json (median, p90 and each run in ms, load time)
// and the figures as "user_id key value" lines (zeros left out) to
// OUTDIR/duckdb-planfact.txt and duckdb-funnel.txt, the format of
// voronka_bench's files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [csvDir, sqlDir, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node duck.mjs CSVDIR SQLDIR OUTDIR');
  process.exit(1);
}
const TABLES = ['users', 'clients', 'stages', 'deals', 'stage_changes', 'activities', 'payments',
  'deal_clients', // deal_clients: issue 12's ABC (abc.sql)
  'deal_product_ids', 'deal_products']; // issue 12, item 1: the ABC of products (abc_products.sql)
// Tables given their columns' types (a file of a header alone, as the demo's
// deal_products, would otherwise read as text).
const TYPES = {
  deal_product_ids: "{'id': 'BIGINT', 'product_id': 'BIGINT'}",
  deal_products: "{'id': 'BIGINT', 'deal_id': 'BIGINT', 'product_id': 'BIGINT', 'quantity': 'BIGINT', " +
    "'price': 'BIGINT', 'position': 'BIGINT'}",
};
const params = JSON.parse(readFileSync(join(outDir, 'params.json'), 'utf8'));

const stats = (t) => {
  const s = [...t].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  // runs_ms: each run in run order (the funnel's ratio run by run, summary.mjs)
  return { median_ms: median, p90_ms: s[Math.max(0, Math.ceil(0.9 * n) - 1)], runs_ms: t };
};

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const t0 = performance.now();
for (const t of TABLES) {
  const path = join(csvDir, `${t}.csv`).replaceAll("'", "''");
  const types = TYPES[t] ? `, columns = ${TYPES[t]}` : '';
  await conn.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv('${path}', header = true${types})`);
}
const loadMs = performance.now() - t0;

// One query, bound with the parameters it names; rows of the last run.
async function bench(file, bounds) {
  const sql = readFileSync(join(sqlDir, file), 'utf8');
  const names = new Set([...sql.matchAll(/\$(\w+)/g)].map((m) => m[1]));
  const values = {};
  for (const n of names) values[n] = BigInt(bounds[n]);
  const prep = await conn.prepare(sql);
  prep.bind(values);
  let reader = await prep.runAndReadAll(); // warm
  const t = [];
  for (let i = 0; i < params.runs; i++) {
    const s = performance.now();
    reader = await prep.runAndReadAll();
    reader.getRows();
    t.push(performance.now() - s);
  }
  return { rows: reader.getRows(), names: reader.columnNames(), time: stats(t) };
}

const common = { as_of: params.as_of, pipeline: params.pipeline };
const pf = await bench('planfact.sql', { ...common, ...params.planfact });
const fn = await bench('funnel.sql', { ...common, ...params.funnel });
// issue 12, clients: the ABC classes
const ab = await bench('abc.sql', params.abc);
// issue 12, item 1: the ABC of products (the same window)
const abp = await bench('abc_products.sql', params.abc);
// issue 12: the channels report's counts and money (channels.sql)
const ch = await bench('channels.sql', { as_of: params.as_of, ...params.channels });

const pfLines = [];
for (const r of pf.rows)
  for (let c = 1; c < r.length; c++)
    if (BigInt(r[c]) !== 0n) pfLines.push(`${r[0]} ${pf.names[c]} ${r[c]}`);
const fnLines = [];
for (const [u, k, v] of fn.rows) {
  if (BigInt(v) === 0n) continue;
  const key = Number(k) >= 0 ? `r${k}` : { '-3': 'size', '-2': 'won', '-1': 'lost' }[String(k)];
  fnLines.push(`${u} ${key} ${v}`);
}
writeFileSync(join(outDir, 'duckdb-planfact.txt'), pfLines.map((l) => l + '\n').join(''));
writeFileSync(join(outDir, 'duckdb-funnel.txt'), fnLines.map((l) => l + '\n').join(''));
writeFileSync(join(outDir, 'duckdb-abc.txt'), ab.rows.map(([c, k, v]) => `${c} ${k} ${v}\n`).join(''));
writeFileSync(join(outDir, 'duckdb-abc-products.txt'), abp.rows.map(([c, k, v]) => `${c} ${k} ${v}\n`).join(''));
writeFileSync(join(outDir, 'duckdb-channels.txt'),
  ch.rows.filter((r) => BigInt(r[2]) !== 0n).map(([k, m, v]) => `${k}|${m}|${v}\n`).join(''));
writeFileSync(
  join(outDir, 'duckdb.json'),
  JSON.stringify({ load_ms: loadMs, planfact: pf.time, funnel: fn.time, abc: ab.time, abc_products: abp.time, channels: ch.time }) + '\n',
);
conn.closeSync();
