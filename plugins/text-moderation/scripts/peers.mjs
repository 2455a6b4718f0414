#!/usr/bin/env node
// The peers' examples (quality/peers.tsv): examples from the test suites of obscenity, bad-words and @2toad/profanity
// and from the issue that compared the engine with them, each with its source. Each case is moderated with the
// built-in lists plus its own words (the peer's list for that example), without the abuse model; a positive is found
// when any hit is listed, a negative is flagged when any is. Also counts by verdict (review or block).
// Run: node plugins/text-moderation/scripts/peers.mjs; DIST=<dir> measures another build on the same cases.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.env.DIST ?? path.join(here, '../dist'));
const { LexiconLibrary, compileLexicon, moderateText } = await import(path.join(dist, 'index.js'));
const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } };
const library = new LexiconLibrary({ dir: '/nonexistent', logger: silent });
await library.refresh();

const cases = readFileSync(path.join(here, '../quality/peers.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [expected, own, text, source] = l.split('\t');
    return { positive: expected === '1', own: own === '-' ? [] : own.split(','), text, source };
  });

const tally = { pos: 0, found: 0, reviewed: 0, neg: 0, flagged: 0, negReviewed: 0 };
const wrong = [];
for (const c of cases) {
  const own = c.own.map((word) => ({ word, category: 'custom', weight: 0.9, lexicon: 'own', kind: 'deny' }));
  const r = moderateText(c.text, own.length ? [library.matcher, compileLexicon(own)] : [library.matcher]);
  const hit = r.hits.length > 0;
  const review = r.verdict !== 'pass';
  if (c.positive) {
    tally.pos++;
    tally.found += hit ? 1 : 0;
    tally.reviewed += review ? 1 : 0;
  } else {
    tally.neg++;
    tally.flagged += hit ? 1 : 0;
    tally.negReviewed += review ? 1 : 0;
  }
  if (hit !== c.positive) wrong.push(`  ${c.positive ? 'missed ' : 'flagged'} ${JSON.stringify(c.text)} (${c.source})${hit ? `: ${r.hits.map((h) => h.word).join(', ')}` : ''}`);
}
const pct = (a, b) => `${((a / b) * 100).toFixed(1)}%`;
console.log(`${cases.length} peer examples (${dist})`);
console.log(`positives found: ${tally.found}/${tally.pos} (${pct(tally.found, tally.pos)}), at review or block ${tally.reviewed}/${tally.pos} (${pct(tally.reviewed, tally.pos)})`);
console.log(`negatives with a hit: ${tally.flagged}/${tally.neg} (${pct(tally.flagged, tally.neg)}), at review or block ${tally.negReviewed}/${tally.neg} (${pct(tally.negReviewed, tally.neg)})`);
console.log(wrong.join('\n'));
