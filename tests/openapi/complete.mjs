// complete.mjs - the OpenAPI document has a schema for what every
// operation answers and reads: a JSON success response (200 or 201) with
// its members (properties, items or a $ref), and for a route that takes a
// body (POST, PUT, PATCH) a request body schema with its members. The
// operations that answer no JSON or read no JSON body say so in the
// document (x-no-json-body, a non-JSON content type). Prints the
// operations lacking them and fails when there are any.
//
// node complete.mjs DOC.json
import fs from 'node:fs';

const doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const described = (s) => s && (s.$ref || s.properties || s.items || s.oneOf || s.allOf ||
  (s.type && s.type !== 'object') || s.additionalProperties);
const missing = [];
let ops = 0;
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    ops++;
    const name = `${method.toUpperCase()} ${path}`;
    const ok = ['200', '201', '204', '202'].filter((c) => op.responses[c]);
    if (!ok.length) missing.push(`${name}: no success response`);
    for (const c of ok) {
      const content = op.responses[c].content;
      if (c === '204') continue;
      if (!content) { missing.push(`${name}: ${c} has no content`); continue; }
      const json = content['application/json'];
      if (json && !described(json.schema)) missing.push(`${name}: ${c} has no members`);
    }
    if (['post', 'put', 'patch'].includes(method) && !op['x-no-json-body']) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (!described(body)) missing.push(`${name}: its request body has no members`);
    }
  }
}
console.log(`${ops} operations; ${missing.length} lack a schema`);
for (const m of missing) console.log('  ' + m);
process.exit(missing.length ? 1 : 0);
