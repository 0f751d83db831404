// duck_nps.mjs - the DuckDB side of the NPS row of `make bench`
// (bench/run.sh; issue 12, item 2).
//
// node bench/duck_nps.mjs CSVDIR SQLDIR OUTDIR
//
// Loads CSVDIR/nps_responses.csv and clients.csv (exported by run.sh) into
// in-memory DuckDB tables, runs SQLDIR/nps.sql once untimed and then
// RUNS times with the period of OUTDIR/nps.json (written by
// voronka_bench_nps), and writes OUTDIR/duckdb-nps.json (median, p90) and
// OUTDIR/duckdb-nps.txt, the lines of voronka-nps.txt.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [csvDir, sqlDir, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node duck_nps.mjs CSVDIR SQLDIR OUTDIR');
  process.exit(1);
}
const params = JSON.parse(readFileSync(join(outDir, 'nps.json'), 'utf8'));
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
for (const t of ['nps_responses', 'clients']) {
  const path = join(csvDir, `${t}.csv`).replaceAll("'", "''");
  await conn.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv('${path}', header = true, all_varchar = false)`);
}
const prep = await conn.prepare(readFileSync(join(sqlDir, 'nps.sql'), 'utf8'));
prep.bind({ from: BigInt(params.from), to: BigInt(params.to) });
let reader = await prep.runAndReadAll(); // warm
const t = [];
for (let i = 0; i < params.runs; i++) {
  const s = performance.now();
  reader = await prep.runAndReadAll();
  reader.getRows();
  t.push(performance.now() - s);
}
t.sort((a, b) => a - b);
const n = t.length;
const median = n % 2 ? t[(n - 1) / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
const p90 = t[Math.max(0, Math.ceil(0.9 * n) - 1)];
writeFileSync(join(outDir, 'duckdb-nps.txt'),
  reader.getRows().map((r) => `${r.join(' ')}\n`).join(''));
writeFileSync(join(outDir, 'duckdb-nps.json'), JSON.stringify({ median_ms: median, p90_ms: p90 }) + '\n');
console.log(`NPS DuckDB twin: median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms`);
conn.closeSync();
