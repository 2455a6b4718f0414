#!/usr/bin/env node
// Trains the built-in abuse model: npm run train:text -- --data <datasets dir> [--out <file>] [--seed N]
//   [--candidate logistic|bag] [--compare]
// <datasets dir> holds cold/, davidson/ and swsr/ as laid out in the datasets' README. --compare trains
// both candidates and prints their dev figures (the bag takes a few minutes); the file written is the
// --candidate one (logistic unless told). The same data and seed write the same bytes.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILT_IN_MODEL_FILE } from '../dist/model/modelFile.js';
import { readCorpora } from '../dist/model/datasets.js';
import { CANDIDATES, DEFAULT_SEED, modelFile, trainLanguage } from '../dist/model/train/trainAbuse.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string', default: BUILT_IN_MODEL_FILE },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    candidate: { type: 'string', default: 'logistic' },
    compare: { type: 'boolean', default: false },
  },
});
if (!values.data) {
  console.error('usage: npm run train:text -- --data <dir with cold/, davidson/, swsr/> [--out file] [--seed N] [--candidate logistic|bag] [--compare]');
  process.exit(2);
}
if (!(values.candidate in CANDIDATES)) {
  console.error(`--candidate must be one of ${Object.keys(CANDIDATES).join(', ')}`);
  process.exit(2);
}
const seed = Number(values.seed);
const corpora = readCorpora(values.data);
if (!corpora.length) {
  console.error(`no corpora under ${values.data} (expected cold/, davidson/ or swsr/)`);
  process.exit(2);
}
for (const c of corpora) console.log(`${c.name}: ${c.train.length} train, ${c.dev.length} dev (${c.mapping})`);

const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(6);
const row = (candidate, r, d) =>
  console.log(
    `${candidate.padEnd(9)} ${r.language}  ${d.corpus.padEnd(9)} ${String(d.n).padStart(5)}  ${pct(d.accuracy)}  ${pct(d.precision)}  ${pct(d.recall)}  ${d.f1.toFixed(3)}   ${r.threshold.toFixed(2)}  ${r.seconds.toFixed(1)} s`,
  );

const chosen = values.compare ? Object.keys(CANDIDATES) : [values.candidate];
let written = null;
console.log('\ncandidate lang dev       texts  accuracy  P(off)  R(off)  F1(off)  cut  training');
for (const candidate of chosen) {
  const results = ['zh', 'en'].map((language) => trainLanguage(language, corpora, candidate, seed)).filter((r) => r !== null);
  for (const r of results) for (const d of r.dev) row(candidate, r, d);
  if (candidate === values.candidate) written = modelFile(results, candidate, seed);
}
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, written);
console.log(`\nwrote ${values.out}: ${(written.length / 1e6).toFixed(1)} MB, sha256 ${createHash('sha256').update(written).digest('hex').slice(0, 16)}…`);
