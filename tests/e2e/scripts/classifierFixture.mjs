#!/usr/bin/env node
// Writes the labelled examples the tenant-classifier e2e test trains on (test/fixtures/classifier/), from
// SWSR's SexComment.csv: node tests/e2e/scripts/classifierFixture.mjs --data <datasets dir with swsr/>
// Rows are chosen mechanically: from the train side of the project's seeded SWSR split (the dev side is
// what `npm run quality` reports on), the first 200 sexist and the first 200 other comments of at most
// 80 characters, in file order. The probe is the first comment of the dev side, sexist by its label, that
// the built-in abuse model passes and a classifier trained on those examples (the worker's recipe and
// seed) sends to review under `custom`.
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@crs/core';
import { AbuseModel, decodeModel, LexiconLibrary, loadAbuseModel, moderateText, readCorpora, trainClassifier } from '@crs/plugin-text-moderation';

const { values } = parseArgs({ options: { data: { type: 'string' } } });
if (!values.data) {
  console.error('usage: node tests/e2e/scripts/classifierFixture.mjs --data <dir holding swsr/>');
  process.exit(2);
}
const swsr = readCorpora(values.data).find((c) => c.name === 'SWSR');
if (!swsr) throw new Error(`no swsr/ under ${values.data}`);
const PER_LABEL = 200;
const short = (e) => [...e.text].length <= 80 && e.text.trim().length > 0;
const pick = (label) => swsr.train.filter((e) => e.label === label && short(e)).slice(0, PER_LABEL);
// Interleaved, so the file reads as a tenant's mixed export would.
const yes = pick(1);
const no = pick(0);
const examples = yes.flatMap((e, i) => [{ text: e.text, label: true }, { text: no[i].text, label: false }]);

const library = new LexiconLibrary({ dir: '/nonexistent', logger: createLogger('fixture', 'silent') });
await library.refresh();
const builtIn = loadAbuseModel('builtin');
const trained = trainClassifier('sexism', examples);
const classifier = { name: 'sexism', category: 'custom', model: new AbuseModel(decodeModel(trained.file)) };
const probe = swsr.dev.find((e) => {
  if (e.label !== 1 || !short(e)) return false;
  const plain = moderateText(e.text, [library.matcher], { model: builtIn });
  const own = moderateText(e.text, [library.matcher], { model: builtIn, classifiers: [classifier] });
  return plain.verdict === 'pass' && own.labels.find((l) => l.category === 'custom')?.verdict === 'review';
});
await library.close();
if (!probe) throw new Error('no dev-side comment separates the two; the recipe changed');

const out = fileURLToPath(new URL('../test/fixtures/classifier/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'swsr-sexism.jsonl'), examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
writeFileSync(join(out, 'probe.json'), JSON.stringify({ text: probe.text, label: true }) + '\n');
copyFileSync(join(values.data, 'swsr', 'LICENSE'), join(out, 'LICENSE'));
console.log(`${examples.length} examples; held-out figures ${JSON.stringify(trained.figures)}; probe ${JSON.stringify(probe.text)}`);
