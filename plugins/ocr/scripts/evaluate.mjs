// `npm run ocr:eval`: character error rate and line recall per engine on the generated set, side by
// side, then images per second and p50 latency per engine on the same images, same run.
// Then word spacing on the English and mixed lines: the PaddleOCR engine as the model spells lines
// beside the same engine with dropped word spaces put back, and tesseract.
// `--speed` prints only the speed table (used by `npm run bench`).

import sharp from 'sharp';
import os from 'node:os';
import path from 'node:path';
import { bundledPaddleModels, createPaddleEngine, createTesseractEngine } from '../dist/index.js';
import { editDistance, evaluationSet, normalise } from '../testdata/evalset.mjs';

const speedOnly = process.argv.includes('--speed');
const cases = await evaluationSet();
const decoded = await Promise.all(
  cases.map(async (c) => {
    const { data, info } = await sharp(c.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { ...c, image: { data, width: info.width, height: info.height } };
  }),
);
const engines = [
  await createPaddleEngine(await bundledPaddleModels(), 0),
  ...(speedOnly ? [] : [Object.assign(await createPaddleEngine(await bundledPaddleModels(), 0, { wordSpaces: false }), { name: 'paddle, model spacing' })]),
  await createTesseractEngine(path.join(os.tmpdir(), 'crs-ocr-eval-models'), 1),
];

const rows = [];
const speed = [];
const spacings = [];
const spaced = (text) => text.replace(/\s+/g, ' ').trim();
for (const engine of engines) {
  const latencies = [];
  const perSet = new Map();
  const started = performance.now();
  // The model-spacing variant only reads the lines whose spacing is compared.
  const own = engine.name === 'paddle, model spacing' ? decoded.filter((c) => c.kind !== 'zh') : decoded;
  const spacing = { en: { chars: 0, errors: 0, lines: 0, exact: 0 }, mixed: { chars: 0, errors: 0, lines: 0, exact: 0 } };
  for (const c of own) {
    const t = performance.now();
    const lines = await engine.recognize(c.image);
    latencies.push(performance.now() - t);
    if (c.kind !== 'zh') {
      // Spaces count here: one space wherever the truth or the reading has any.
      const read = spaced(lines.map((l) => l.text).join(' '));
      const truthSpaced = spaced(c.text);
      const k = spacing[c.kind];
      k.chars += [...truthSpaced].length;
      k.errors += editDistance(read, truthSpaced);
      k.lines += 1;
      if (read === truthSpaced) k.exact += 1;
    }
    const predicted = normalise(lines.map((l) => l.text).join(''));
    const truth = normalise(c.text);
    const errors = editDistance(predicted, truth);
    for (const key of [c.set, `${c.set}/${c.kind}`]) {
      const s = perSet.get(key) ?? { chars: 0, errors: 0, lines: 0, found: 0 };
      s.chars += [...truth].length;
      s.errors += errors;
      s.lines += 1;
      // A line counts as read when at most 10 % of its characters are wrong.
      if (errors <= 0.1 * [...truth].length) s.found += 1;
      perSet.set(key, s);
    }
  }
  const total = performance.now() - started;
  spacings.push({ engine: engine.name, ...spacing });
  await engine.close();
  if (own !== decoded) continue;
  latencies.sort((a, b) => a - b);
  speed.push({ engine: engine.name, perSecond: (decoded.length * 1000) / total, p50: latencies[Math.floor(latencies.length / 2)] });
  for (const [key, s] of perSet) rows.push({ engine: engine.name, key, ...s });
}

if (!speedOnly) {
  const keys = [...new Set(rows.map((r) => r.key))].sort();
  console.log(`OCR evaluation: ${decoded.length} generated images (${keys.filter((k) => !k.includes('/')).map((k) => `${k} ${rows.find((r) => r.key === k).lines}`).join(', ')})`);
  console.log('set                 lines |  paddle CER  recall |  tesseract CER  recall');
  for (const key of keys) {
    const p = rows.find((r) => r.key === key && r.engine === 'paddle');
    const t = rows.find((r) => r.key === key && r.engine === 'tesseract');
    const cell = (r) => `${((100 * r.errors) / r.chars).toFixed(2).padStart(6)}%  ${((100 * r.found) / r.lines).toFixed(0).padStart(5)}%`;
    console.log(`${key.padEnd(19)} ${String(p.lines).padStart(5)} |  ${cell(p)} |     ${cell(t)}`);
  }
  console.log('(CER = edits / characters of the truth, whitespace ignored; recall = lines read with at most 10 % of characters wrong)\n');
  console.log(`Word spacing on the ${spacings[0].en.lines} English and ${spacings[0].mixed.lines} mixed lines (all sets), spaces counted`);
  console.log('engine                   | English: CER with spaces  lines exact | mixed: CER with spaces  lines exact');
  const cells = (k) => `${((100 * k.errors) / k.chars).toFixed(2).padStart(23)}%  ${`${k.exact}/${k.lines}`.padStart(11)}`;
  for (const r of spacings) console.log(`${r.engine.padEnd(24)} | ${cells(r.en)} | ${cells(r.mixed).slice(2)}`);
  console.log('');
}
console.log(`OCR speed on ${os.cpus().length} cores, same ${decoded.length} images, one at a time`);
console.log('engine       images/s   p50 ms');
for (const s of speed) console.log(`${s.engine.padEnd(12)} ${s.perSecond.toFixed(1).padStart(8)} ${s.p50.toFixed(0).padStart(8)}`);
