// Face bench: detect + embed faces per second on the fixture photos (detection alone beside it),
// then 1:N search latency at 1k, 10k and 100k enrolled faces: the warm path a worker takes on every
// search (version check + exact scan) and the cold load after the collection changed. Uses the
// real models (the ones models/ ships, or MODELS_DIR) and Redis at REDIS_URL; run through `npm run bench`.
import { randomUUID } from 'node:crypto';
import { createLogger, createRedis, FaceLibrary, loadConfig, redisKeys } from '@crs/core';
import { FaceEngine, IndexCache, l2normalise } from '../dist/index.js';
import { FACE_CENTRES, read } from './fixtures.mjs';

const prefix = `bench-face-${randomUUID().slice(0, 8)}`;
const config = loadConfig({ ...process.env, REDIS_PREFIX: prefix });
const engine = await FaceEngine.load(config, createLogger('face-bench', 'warn'));
const photos = Object.keys(FACE_CENTRES).map(read);
const ROUNDS = Number(process.env.BENCH_FACE_ROUNDS ?? 5);

async function throughput(options) {
  await engine.analyse(photos[0], options); // warm-up
  let faces = 0;
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const p of photos) faces += (await engine.analyse(p, options)).faces.length;
  const seconds = (performance.now() - started) / 1000;
  return { faces, seconds, perSecond: faces / seconds, images: (ROUNDS * photos.length) / seconds };
}
const detectOnly = await throughput({ maxFaces: 50 });
const detectEmbed = await throughput({ maxFaces: 50, embed: true });
console.log(`photos: ${photos.length} (${detectEmbed.faces / ROUNDS} faces), ${ROUNDS} rounds, one job at a time`);
console.log(`  detect only       ${detectOnly.perSecond.toFixed(1).padStart(7)} faces/s  ${detectOnly.images.toFixed(1).padStart(6)} images/s`);
console.log(`  detect + embed    ${detectEmbed.perSecond.toFixed(1).padStart(7)} faces/s  ${detectEmbed.images.toFixed(1).padStart(6)} images/s  (embedding with the mirrored face: 2 inferences per face)`);

const redis = createRedis(config.redis);
const library = new FaceLibrary(redis, redisKeys(prefix));
const query = (await engine.mainFace(read('group-or-portrait-4.jpg'), 'query')).embedding;
let seed = 42;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
const record = (c, s) => ({ id: `face_${randomUUID().replaceAll('-', '')}`, collection: c, subjectId: s, box: { x: 0, y: 0, width: 1, height: 1 }, score: 1, quality: { size: 100, sharpness: 1, pose: { yaw: 0, pitch: 0, roll: 0 }, usable: true, issues: [] }, hasImage: false, createdAt: new Date().toISOString() });
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

console.log('\n1:N search (exact cosine, 128-d), after inference');
console.log('  enrolled   warm p50    warm p99   cold load   top match right');
try {
  for (const n of [1_000, 10_000, 100_000]) {
    const c = `bench${n}`;
    await library.createCollection('bench', { id: c, retainImages: false });
    const subjects = Math.ceil(n / 100);
    for (let s = 0; s < subjects; s++) await library.createSubject('bench', c, { id: `s${s}` });
    const target = `s${subjects - 1}`;
    for (let i = 0; i < n; i += 500) {
      const batch = [];
      for (let k = i; k < Math.min(n, i + 500); k++) {
        const s = k === n - 1 ? target : `s${Math.floor(k / 100)}`;
        // The last face is the query person photographed again: the query plus a little noise.
        const v = k === n - 1 ? l2normalise(query.map((x) => x + random() * 0.05)) : l2normalise(Float32Array.from({ length: 128 }, random));
        batch.push(library.addFace('bench', { record: record(c, s), model: engine.embedderName, embedding: v }));
      }
      await Promise.all(batch);
    }
    const cache = new IndexCache(library);
    const t0 = performance.now();
    await cache.get('bench', c);
    const cold = performance.now() - t0;
    const times = [];
    let right = true;
    for (let q = 0; q < 200; q++) {
      const t = performance.now();
      const { index } = await cache.get('bench', c);
      const hits = index.search(query, 5);
      times.push(performance.now() - t);
      right &&= hits[0].subjectId === target;
    }
    console.log(`  ${String(n).padStart(8)} ${pct(times, 0.5).toFixed(2).padStart(8)} ms ${pct(times, 0.99).toFixed(2).padStart(8)} ms ${cold.toFixed(0).padStart(8)} ms   ${right ? 'yes' : 'NO'}`);
    await library.deleteCollection('bench', c);
  }
} finally {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await engine.close();
}
