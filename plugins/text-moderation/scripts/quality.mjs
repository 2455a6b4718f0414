#!/usr/bin/env node
// Precision and recall per category on the labelled quality set (quality/cases.tsv and its evasive variants),
// then the abuse model against the lexicons on the corpora's dev splits (COLD dev, and the seeded Davidson and
// SWSR dev splits; see src/model/datasets.ts), and the false positives each makes on the set's ordinary lines.
// Run: npm run quality (from the repository root). The corpora are read from ../shared/datasets beside the
// repository, or DATASETS_DIR; without them that part is skipped.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@crs/core';
import { LexiconLibrary, loadAbuseModel, moderateText, normalize, readCorpora } from '../dist/index.js';
import { evaluate, evaluateDevSplits, loadQualityCases } from '../dist/quality/index.js';

const library = new LexiconLibrary({ dir: process.env.LEXICON_DIR ?? '/nonexistent', logger: createLogger('quality', 'silent') });
await library.refresh();
const model = loadAbuseModel('builtin');
const moderate = (text, withModel) => moderateText(text, [library.matcher], withModel ? { model } : {});
const cases = await loadQualityCases();
const report = evaluate(cases, (text) => moderate(text, true));

const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(7);
console.log(`${report.cases} cases (hand-written lines and their traditional, full-width and separator variants), lexicons, detectors and the abuse model (${model.name})\n`);
console.log('category    precision  recall    TP   FP   FN');
for (const c of report.categories) {
  if (!c.truePositives && !c.falsePositives && !c.falseNegatives) continue;
  console.log(`${c.category.padEnd(10)} ${pct(c.precision)}  ${pct(c.recall)}  ${String(c.truePositives).padStart(4)} ${String(c.falsePositives).padStart(4)} ${String(c.falseNegatives).padStart(4)}`);
}
if (report.mistakes.length) {
  console.log(`\n${report.mistakes.length} cases disagree with their label:`);
  for (const m of report.mistakes.slice(0, 40)) {
    console.log(`  [${m.variant}] ${JSON.stringify(m.text)} expected ${m.expected.join(',') || '-'}, got ${m.flagged.join(',') || '-'}`);
  }
}

// Ordinary lines: the set's clean cases; a false positive is any category flagged on one.
const ordinary = cases.filter((c) => c.expected.length === 0);
const flaggedAny = (r) => r.verdict !== 'pass';
const ordinaryFalse = {
  lexicons: ordinary.filter((c) => flaggedAny(moderate(c.text, false))).length,
  model: ordinary.filter((c) => (model.score(normalize(c.text))?.score ?? 0) >= 0.5).length,
  both: ordinary.filter((c) => flaggedAny(moderate(c.text, true))).length,
};

const dir = process.env.DATASETS_DIR ?? fileURLToPath(new URL('../../../../shared/datasets', import.meta.url));
console.log('\n== abuse: lexicons, model and both on the dev splits ==');
if (!existsSync(dir)) {
  console.log(`no labelled corpora at ${dir} (set DATASETS_DIR to the folder holding cold/, davidson/, swsr/); dev-split figures skipped`);
} else {
  const corpora = readCorpora(dir);
  console.log('offensive = abuse sent to review or block (model alone: its score at the review line, 0.5)');
  console.log('dev split  texts  reader     accuracy  P(off)   R(off)   F1(off)');
  for (const r of evaluateDevSplits(corpora, model, moderate)) {
    for (const [reader, f] of Object.entries(r.figures)) {
      console.log(`${r.corpus.padEnd(9)} ${String(f.n).padStart(6)}  ${reader.padEnd(9)} ${pct(f.accuracy)}  ${pct(f.precision)}  ${pct(f.recall)}   ${f.f1.toFixed(3)}`);
    }
  }
  for (const c of corpora) console.log(`  ${c.name}: ${c.mapping}`);
}
console.log(`\nordinary lines of the quality set (${ordinary.length} with variants): false positives — lexicons ${ordinaryFalse.lexicons} (${pct(ordinaryFalse.lexicons / ordinary.length).trim()}), model alone ${ordinaryFalse.model} (${pct(ordinaryFalse.model / ordinary.length).trim()}), both ${ordinaryFalse.both} (${pct(ordinaryFalse.both / ordinary.length).trim()})`);
await library.close();
