// Prints what the console's first load costs: every JavaScript and CSS file index.html pulls in,
// raw and gzip-compressed, and fails the build when the JavaScript passes the budget.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_JS_GZIP = 300 * 1024;
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="\/console\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let jsGzip = 0;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const ref of refs) {
  const bytes = fs.readFileSync(path.join(dist, ref));
  const gz = gzipSync(bytes, { level: 9 }).length;
  if (ref.endsWith('.js')) jsGzip += gz;
  console.log(`console bundle: ${ref.padEnd(40)} ${kb(bytes.length).padStart(10)} raw ${kb(gz).padStart(10)} gzip`);
}
console.log(`console first load: ${kb(jsGzip)} of JavaScript gzip (budget ${kb(BUDGET_JS_GZIP)})`);
if (jsGzip > BUDGET_JS_GZIP) {
  console.error('console first load is over its JavaScript budget');
  process.exit(1);
}
