// `npm run face:eval`: detection recall on the group photos, same- versus different-person
// similarity on pairs built from the fixtures, the error rates at each threshold, and liveness.
import { createLogger, DEFAULT_FACE_MATCH_THRESHOLD, loadConfig } from '@crs/core';
import { augment, AUGMENTATIONS, cutFace, FaceEngine, similarityOf } from '../dist/index.js';
import { FACE_CENTRES, LIVENESS_TRUTH, MAYBE_SAME, read } from './fixtures.mjs';

const config = loadConfig(process.env);
const engine = await FaceEngine.load(config, createLogger('face-eval', 'warn'));
const inside = ([x, y], b) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;

console.log('Detection (a face counts as found when a box holds its centre)');
let truthTotal = 0, foundTotal = 0, boxesTotal = 0, trueBoxes = 0;
const faces = [];
for (const [name, centres] of Object.entries(FACE_CENTRES)) {
  const bytes = read(name);
  const { faces: found } = await engine.analyse(bytes, { maxFaces: 100 });
  const hit = centres.filter((c) => found.some((f) => inside(c, f.face.box))).length;
  const good = found.filter((f) => centres.some((c) => inside(c, f.face.box))).length;
  truthTotal += centres.length; foundTotal += hit; boxesTotal += found.length; trueBoxes += good;
  console.log(`  ${name.padEnd(26)} faces ${centres.length}  found ${hit}  boxes ${found.length}  false ${found.length - good}`);
  for (const f of found.filter((f) => centres.some((c) => inside(c, f.face.box)))) faces.push({ name, box: f.face.box, id: `${name}#${faces.length}` });
}
console.log(`  recall ${(foundTotal / truthTotal).toFixed(3)}  precision ${(trueBoxes / boxesTotal).toFixed(3)}\n`);

// One photo per person (the face cut from its picture), then altered copies of it.
const base = [];
for (const f of faces) {
  const main = await engine.mainFace(await cutFace(read(f.name), f.box), f.id);
  const copies = [];
  for (const aug of Object.keys(AUGMENTATIONS)) {
    const got = await engine.analyse(await augment(await cutFace(read(f.name), f.box), aug), { maxFaces: 1, embed: true });
    copies.push({ aug, embedding: got.faces[0]?.embedding ?? null });
  }
  base.push({ ...f, embedding: main.embedding, copies });
}
const same = [], missed = [];
for (const b of base) {
  for (const c of b.copies) {
    if (c.embedding) same.push(similarityOf(b.embedding, c.embedding));
    else missed.push(`${b.id}/${c.aug}`);
  }
}
const different = [];
for (let i = 0; i < base.length; i++) {
  for (let j = i + 1; j < base.length; j++) {
    if (MAYBE_SAME.has(base[i].name) && MAYBE_SAME.has(base[j].name)) continue;
    different.push(similarityOf(base[i].embedding, base[j].embedding));
  }
}
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const describe = (xs) => `n=${xs.length} min ${Math.min(...xs).toFixed(1)} p5 ${q(xs, 0.05).toFixed(1)} median ${q(xs, 0.5).toFixed(1)} p95 ${q(xs, 0.95).toFixed(1)} max ${Math.max(...xs).toFixed(1)}`;
console.log(`Similarity (0-100), model ${engine.embedderName}`);
console.log(`  same person       ${describe(same)}${missed.length ? `  (no face found in ${missed.length} copies: ${missed.join(', ')})` : ''}`);
console.log(`  different people  ${describe(different)}`);
console.log('\n  threshold  false match rate  false non-match rate');
for (let t = 25; t <= 75; t += 5) {
  const far = different.filter((s) => s >= t).length / different.length;
  const frr = same.filter((s) => s < t).length / same.length;
  console.log(`  ${String(t).padStart(9)}${t === DEFAULT_FACE_MATCH_THRESHOLD ? '*' : ' '} ${(far * 100).toFixed(2).padStart(15)}% ${(frr * 100).toFixed(2).padStart(19)}%`);
}
console.log(`  (* the default, DEFAULT_FACE_MATCH_THRESHOLD)\n`);

console.log('Liveness (mean real-face probability of MiniFASNetV2 and V1SE)');
for (const [name, live] of Object.entries(LIVENESS_TRUTH)) {
  const { faces: found } = await engine.analyse(read(name), { maxFaces: 1, liveness: true });
  const s = found[0]?.liveness;
  console.log(`  ${name.padEnd(22)} truth ${live ? 'live ' : 'spoof'}  score ${s ? s.score.toFixed(4) : 'no face'}  ${s ? s.models.map((m) => `${m.name} ${m.score.toFixed(4)}`).join('  ') : ''}`);
}
await engine.close();
