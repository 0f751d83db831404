// responses.mjs - every exchange the unit tests recorded
// (tests/unit/http_client.c, $VO_OPENAPI_RECORD/*.jsonl) validated with ajv
// against the OpenAPI document a server of the same binary serves: each
// response against its route's schema for its status, each request the
// server accepted (2xx) against the route's request body schema. Any
// mismatch fails, naming the record (file:line), the route and ajv's
// reason; so does an empty record (the recording would be broken).
//
// node responses.mjs DOC.json RECORD_DIR
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const webModules = path.join(process.env.VO_SOURCE_DIR, 'web', 'node_modules');
const Ajv = require(path.join(webModules, 'ajv')).default;
const addFormats = require(path.join(webModules, 'ajv-formats')).default;

const [docPath, recDir] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(docPath, 'utf8'));
// OpenAPI 3.0's schemas: `nullable` and the x- members are not JSON
// Schema's; ajv knows `nullable` and strict: false lets the rest be.
const ajv = new Ajv({ strict: false, allErrors: false });
addFormats(ajv);
ajv.addSchema(doc, 'openapi');

const esc = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const compiled = new Map();
function validator(pointer) {
  if (!compiled.has(pointer)) {
    let v = null;
    let node = doc;
    for (const part of pointer.split('/').slice(1)) {
      node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (node) v = ajv.compile({ $ref: 'openapi#' + pointer });
    compiled.set(pointer, v);
  }
  return compiled.get(pointer);
}

const files = fs.existsSync(recDir)
  ? fs.readdirSync(recDir).filter((f) => f.endsWith('.jsonl')).sort()
  : [];
let records = 0, responses = 0, requests = 0;
const ops = new Set();
const failures = [];
for (const f of files) {
  const lines = fs.readFileSync(path.join(recDir, f), 'utf8').split('\n');
  lines.forEach((text, i) => {
    if (!text) return;
    const rec = JSON.parse(text);
    records++;
    const op = `/paths/${esc(rec.path)}/${rec.method}`;
    const where = `${f}:${i + 1}: ${rec.method.toUpperCase()} ${rec.url} -> ${rec.status}`;
    if (!validator(op)) {
      failures.push(`${where}: the document has no such operation`);
      return;
    }
    if (rec.response !== undefined) {
      const v = validator(`${op}/responses/${rec.status}/content/application~1json/schema`);
      if (v) {
        responses++;
        ops.add(op);
        if (!v(rec.response))
          failures.push(`${where}: the response ${ajv.errorsText(v.errors, { dataVar: 'body' })}`);
      }
    }
    if (rec.request !== undefined && rec.status >= 200 && rec.status < 300) {
      const v = validator(`${op}/requestBody/content/application~1json/schema`);
      if (v) {
        requests++;
        if (!v(rec.request))
          failures.push(`${where}: the request ${ajv.errorsText(v.errors, { dataVar: 'body' })}`);
      }
    }
  });
}
console.log(`${files.length} record files, ${records} exchanges: ${responses} responses ` +
  `(${ops.size} operations) and ${requests} accepted requests validated with ajv`);
if (records === 0) {
  console.error(`no exchange recorded in ${recDir}: is VO_OPENAPI_RECORD set for the unit tests?`);
  process.exit(1);
}
if (failures.length) {
  console.error(`${failures.length} exchanges do not match the OpenAPI document:`);
  for (const f of failures.slice(0, 50)) console.error('  ' + f);
  process.exit(1);
}
