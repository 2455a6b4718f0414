#!/usr/bin/env node
// False positives on ordinary English: the prose lines of the README and docs files under the repository's
// node_modules (documentation written by thousands of authors, none of it abusive), moderated with the built-in
// lexicons and detectors, without the abuse model. Prints the lines flagged (review or block) and the lines with
// any lexicon hit, the words most often hit, and a few flagged lines to judge by eye.
// Run: node plugins/text-moderation/scripts/englishCorpus.mjs [max lines, default 20000]
// DIST=<dir> measures another build of the plugin (a checkout of an earlier commit) on the same lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.env.DIST ?? path.join(here, '../dist'));
const { LexiconLibrary, moderateText } = await import(path.join(dist, 'index.js'));
const root = path.resolve(here, '../../../node_modules');
const max = Number(process.argv[2] ?? 20_000);

/** README and docs markdown files under node_modules, in a fixed order. */
function docs(dir, depth = 0, out = []) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const p = path.join(dir, name);
    let s;
    try {
      s = statSync(p);
    } catch {
      continue;
    }
    if (s.isDirectory() && depth < 4 && name !== 'test' && name !== 'tests') docs(p, depth + 1, out);
    else if (s.isFile() && /\.md$/i.test(name) && !/^(CHANGELOG|HISTORY|CHANGES)/i.test(name)) out.push(p);
  }
  return out;
}

const seen = new Set();
const lines = [];
for (const file of docs(root)) {
  let fenced = false;
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(raw)) fenced = !fenced;
    const line = raw.replace(/`[^`]*`|\[([^\]]*)\]\([^)]*\)|<[^>]+>|https?:\/\/\S+/g, '$1').trim();
    // Prose: several words, mostly letters, outside code blocks and tables.
    if (fenced || line.startsWith('|') || line.split(/\s+/).length < 5 || !/^[\sA-Za-z.,;:'"!?()-]*[A-Za-z]/.test(line)) continue;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
    if (lines.length >= max) break;
  }
  if (lines.length >= max) break;
}

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } };
const library = new LexiconLibrary({ dir: '/nonexistent', logger: silent });
await library.refresh();
let flagged = 0;
let flaggedByWords = 0;
let hitLines = 0;
const hitExamples = [];
const words = new Map();
const examples = [];
for (const line of lines) {
  const r = moderateText(line, [library.matcher]);
  const lexical = r.hits.filter((h) => h.source === 'lexicon');
  if (lexical.length) {
    hitLines++;
    if (hitExamples.length < 10) hitExamples.push(`  ${lexical.map((h) => h.matched).join(', ')} | ${line.slice(0, 100)}`);
  }
  // What a word list can get wrong: a category other than ad (URLs, e-mail) and flood judged on its words.
  if (r.labels.some((l) => l.verdict !== 'pass' && l.category !== 'ad' && l.category !== 'flood')) flaggedByWords++;
  for (const h of lexical) words.set(`${h.lexicon}:${h.word}`, (words.get(`${h.lexicon}:${h.word}`) ?? 0) + 1);
  if (r.verdict !== 'pass') {
    flagged++;
    if (examples.length < 15) examples.push(`  ${r.verdict}: ${r.hits.map((h) => h.matched).join(', ')} | ${line.slice(0, 100)}`);
  }
}
const pct = (n) => `${((n / lines.length) * 100).toFixed(2)}%`;
console.log(`${lines.length} prose lines from node_modules docs (${dist})`);
console.log(`flagged (review or block): ${flagged} (${pct(flagged)}), of them in a category other than ad (contacts, links) and flood: ${flaggedByWords} (${pct(flaggedByWords)}); with any lexicon hit: ${hitLines} (${pct(hitLines)})`);
console.log(`words hit most: ${[...words].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([w, n]) => `${w} ${n}`).join(', ')}`);
console.log(`lines with a lexicon hit:\n${hitExamples.join('\n')}`);
console.log(`flagged lines (first 15):\n${examples.join('\n')}`);
