#!/usr/bin/env node
// Precision and recall per category on the labelled quality set (quality/cases.tsv and its evasive variants).
// Run: npm run quality (from the repository root).
import { createLogger } from '@crs/core';
import { LexiconLibrary, moderateText } from '../dist/index.js';
import { evaluate, loadQualityCases } from '../dist/quality/index.js';

const library = new LexiconLibrary({ dir: process.env.LEXICON_DIR ?? '/nonexistent', logger: createLogger('quality', 'silent') });
await library.refresh();
const cases = await loadQualityCases();
const report = evaluate(cases, (text) => moderateText(text, [library.matcher]));

const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(7);
console.log(`${report.cases} cases (hand-written lines and their traditional, full-width and separator variants)\n`);
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
await library.close();
