#!/usr/bin/env node
// Engine throughput: characters per second on 20,000-character texts against a 50,000-term
// lexicon (the built-in lexicons plus generated terms), for lexicon matching alone
// (normalise + Aho–Corasick) and for the whole moderateText (contact and flood detectors too), without and
// with the learned abuse model side by side; then what the model (and a tenant's classifier) adds to a
// 2,000-character (sync) text.
// Two lexicons over the same texts: one whose generated terms use only the texts' own 500
// characters, so they match every 30 characters or so (the worst case: a text like that would be
// blocked hundreds of times over), and one whose terms are spread over 2,500 characters, as real
// word lists are, so they match tens of times per text.
// Each line measures today's engine and the engine before issue 32 (`baselineBuild.mjs`; TEXT_BENCH_BASELINE=<commit>
// for another) in turns on the same texts and the same terms (today's built-in lists plus the generated ones), so
// the two figures share the machine's load; the CPU-time column is the steadier one on a busy host.
import path from 'node:path';
import { createLogger } from '@crs/core';
import { readFileSync } from 'node:fs';
import { AbuseModel, BUILT_IN_LEXICON_DIR, compileLexicon, decodeModel, listLexiconFiles, loadAbuseModel, moderateText, normalize, readLexiconFiles, trainClassifier } from '../dist/index.js';
import { baselineDist } from './baselineBuild.mjs';

const TARGET = 20e6;
const TEXT_CHARS = 20_000;
const LEXICON_TERMS = 50_000;

// mulberry32: a fixed seed so every run measures the same texts and terms.
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(42);
const pick = (s) => s[Math.floor(rnd() * s.length)];
const HAN = [...'的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切注夜'];
const LATIN = [...'abcdefghijklmnopqrstuvwxyz'];

const builtIn = await readLexiconFiles(await listLexiconFiles(BUILT_IN_LEXICON_DIR));
function makeLexicon(han) {
  const entries = [...builtIn];
  while (entries.length < LEXICON_TERMS) {
    const latin = entries.length % 10 === 0;
    const length = latin ? 5 + Math.floor(rnd() * 6) : 2 + Math.floor(rnd() * 4);
    const word = Array.from({ length }, () => pick(latin ? LATIN : han)).join('');
    entries.push({ word, category: 'custom', weight: 0.6, lexicon: 'bench', kind: 'deny' });
  }
  return entries;
}
const denseEntries = makeLexicon(HAN);

function makeText() {
  const parts = [];
  let length = 0;
  while (length < TEXT_CHARS) {
    const r = rnd();
    const part =
      r < 0.75
        ? Array.from({ length: 5 + Math.floor(rnd() * 30) }, () => pick(HAN)).join('') + '，'
        : r < 0.9
          ? 'the quick brown fox jumps over 13 lazy dogs, '
          : r < 0.97
            ? `会议 2024-11-${10 + Math.floor(rnd() * 20)} 价格 ¥${Math.floor(rnd() * 9999)}.00 `
            : pick(['加 微*信', '出售槍支', 'ＰＯＲＮ', 'se qing shi pin', '电话 138 1234 5678', ' 访问 badsite dot com ']);
    parts.push(part);
    length += [...part].length;
  }
  return [...parts.join('')].slice(0, TEXT_CHARS).join('');
}
const texts = Array.from({ length: 20 }, makeText);
// 2,000 more CJK ideographs, spread over the block, beside the texts' own 500.
const WIDE = [...HAN];
for (let cp = 0x4e00; WIDE.length < 2500; cp += 7) if (!HAN.includes(String.fromCodePoint(cp))) WIDE.push(String.fromCodePoint(cp));
const wideEntries = makeLexicon(WIDE);

const base = baselineDist();
const engines = [{ name: 'today', compileLexicon, moderateText, normalize }];
if (base.dist) engines.push({ name: `before issue 32 (${base.commit})`, ...(await import(path.join(base.dist, 'index.js'))) });
const baseModel = engines[1]?.loadAbuseModel('builtin') ?? null;

function compile(engine, entries) {
  const started = performance.now();
  const matcher = engine.compileLexicon(entries);
  return { matcher, ms: performance.now() - started };
}

/**
 * Per-text times over about 3 s for each function, taken in turns (one pass over the texts each), so load
 * that comes and goes falls on both alike: the median is what a text costs on this machine, robust to the
 * other tenants of a shared host; the mean is printed too, the tenth percentile (what a text costs when
 * the core is the engine's alone) and the CPU time per text, which waits for a core do not count.
 */
function measure(fns) {
  for (const fn of fns) for (let i = 0; i < 30; i++) fn(texts[i % texts.length]); // warm-up
  const runs = fns.map(() => ({ times: [], cpu: 0 }));
  const started = performance.now();
  while (performance.now() - started < 3000 * fns.length) {
    fns.forEach((fn, k) => {
      const cpu = process.cpuUsage();
      for (const text of texts) {
        const t = performance.now();
        fn(text);
        runs[k].times.push(performance.now() - t);
      }
      const used = process.cpuUsage(cpu);
      runs[k].cpu += (used.user + used.system) / 1000;
    });
  }
  return runs.map(({ times, cpu }) => {
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const cpuMean = cpu / times.length;
    times.sort((a, b) => a - b);
    return { median: times[times.length >> 1], mean, fast: times[Math.floor(times.length / 10)], cpu: cpuMean };
  });
}

const rate = (ms) => (TEXT_CHARS / ms / 1e3).toFixed(1);

createLogger('bench', 'silent');
console.log(`texts: ${texts.length} × ${TEXT_CHARS} characters; target ${TARGET / 1e6} M chars/s; median (mean) per text, the fastest tenth, and by CPU time per text`);
console.log(
  base.dist
    ? `each line: today's engine, then the engine before issue 32 (${base.commit}, built from git into ${base.dist}) on the same texts and terms, measured in turns\n`
    : `no baseline: ${base.why}\n`,
);
console.log(`${'lexicon'.padEnd(40)} ${'what'.padEnd(44)} ${'engine'.padEnd(28)} ${'M chars/s'.padStart(14)} ${'ms/text'.padStart(14)}  vs target  ${'fastest tenth'.padStart(13)}  ${'by CPU'.padStart(7)}`);
const model = loadAbuseModel('builtin');
let wideMatcher = null;
for (const [label, entries] of [
  ['terms over the texts\' 500 characters', denseEntries],
  ['terms over 2,500 characters', wideEntries],
]) {
  const compiled = engines.map((engine) => compile(engine, entries));
  const { matcher, ms } = compiled[0];
  wideMatcher = matcher;
  const n = normalize(texts[0]);
  const matches = matcher.search(n.folded, n.length).count;
  console.log(
    `${label}: ${entries.length} terms (${builtIn.length} built-in) + pinyin spellings, ${matcher.states} automaton states, compiled in ${(ms / 1000).toFixed(1)} s` +
      `${compiled[1] ? ` (before: ${(compiled[1].ms / 1000).toFixed(1)} s)` : ''}; ${matches} matches in the first text`,
  );
  for (const what of ['lexicon matching (normalise + Aho–Corasick)', 'moderateText (lexicons + contact + flood)', 'moderateText + abuse model']) {
    const fns = engines.map((engine, k) => {
      const m = compiled[k].matcher;
      if (what.startsWith('lexicon')) {
        return (t) => {
          const n = engine.normalize(t);
          return m.search(n.folded, n.length).count;
        };
      }
      const withModel = what.endsWith('model') ? { model: k === 0 ? model : baseModel } : undefined;
      return (t) => engine.moderateText(t, [m], withModel);
    });
    const results = measure(fns);
    const vsTarget = (ms) => `${(TEXT_CHARS / ms / 1e3 / (TARGET / 1e6)).toFixed(2)}×`;
    results.forEach(({ median, mean, fast, cpu }, k) => {
      const ratio = k > 0 ? `  today ${(results[k].median / results[0].median).toFixed(2)}× as fast by median, ${(cpu / results[0].cpu).toFixed(2)}× by CPU` : '';
      console.log(
        `${''.padEnd(40)} ${(k === 0 ? what : '').padEnd(44)} ${engines[k].name.padEnd(28)} ${`${rate(median)} (${rate(mean)})`.padStart(14)} ${`${median.toFixed(2)} (${mean.toFixed(2)})`.padStart(14)}  ${vsTarget(median).padStart(9)}  ${`${rate(fast)} M, ${vsTarget(fast)}`.padStart(13)}  ${rate(cpu).padStart(7)}${ratio}`,
      );
    });
  }
}

// A sync call's text is at most 2,000 characters: the model's share of one, as the difference of medians.
const SYNC_CHARS = 2_000;
const syncTexts = texts.map((t) => [...t].slice(0, SYNC_CHARS).join(''));
// The median of wall times, and the mean CPU time (what the process itself spent: on a shared host the wall
// time also counts the waits for a core).
function measureSync(fn, ms = 700) {
  for (let i = 0; i < 200; i++) fn(syncTexts[i % syncTexts.length]);
  const times = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < ms) {
    const t = performance.now();
    fn(syncTexts[times.length % syncTexts.length]);
    times.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], cpu: (used.user + used.system) / 1000 / times.length };
}
// A tenant's classifier, trained as a worker trains one, from the labelled examples the end-to-end test uses.
const examples = readFileSync(new URL('../../../tests/e2e/test/fixtures/classifier/swsr-sexism.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));
const classifiers = [{ name: 'bench', category: 'custom', model: new AbuseModel(decodeModel(trainClassifier('bench', examples).file)) }];
// The three in turns, three rounds, so the machine's drift from one second to the next falls on each alike.
const sides = {
  without: (t) => moderateText(t, [wideMatcher]),
  withModel: (t) => moderateText(t, [wideMatcher], { model }),
  withClassifier: (t) => moderateText(t, [wideMatcher], { model, classifiers }),
  modelOnly: (t) => model.score(normalize(t)),
};
const rounds = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
for (let round = 0; round < 3; round++) for (const [k, fn] of Object.entries(sides)) rounds[k].push(measureSync(fn));
const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const summary = Object.fromEntries(Object.entries(rounds).map(([k, rs]) => [k, { median: mid(rs.map((r) => r.median)), cpu: mid(rs.map((r) => r.cpu)), rounds: rs.map((r) => r.median.toFixed(3)).join('/') }]));
const ms = (x) => `${x.median.toFixed(3)} (cpu ${x.cpu.toFixed(3)}; rounds ${x.rounds})`;
const { without, withModel, withClassifier, modelOnly } = summary;
console.log(
  `\n${SYNC_CHARS}-character texts (a sync call), median ms of three alternating rounds (mean cpu ms): moderateText ${ms(without)}, with the abuse model ${ms(withModel)}: ` +
    `+${(withModel.median - without.median).toFixed(3)} ms at p50 (budget +0.3 ms); with the model and one tenant classifier ${ms(withClassifier)}: +${(withClassifier.median - without.median).toFixed(3)} ms; ` +
    `normalise + model score alone ${ms(modelOnly)}; model file ${(model.data.bytes / 1e6).toFixed(1)} MB`,
);
