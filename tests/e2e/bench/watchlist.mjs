#!/usr/bin/env node
// What the face watchlist check adds to image.moderate: per photo, the p50 latency of the whole task
// for a tenant without a watchlist (the baseline: one cached version lookup, no face model) and for a
// tenant with one (a watchlist of the five people of group photo 2, each enrolled from a crop: detection + embedding + search
// through the face plugin's face.watch, in-process, as a worker with both plugins runs it), in the same
// run, one job at a time, alternating so both see the same machine. Real models, real Redis at
// REDIS_URL (its own key prefix, removed at the end); run through `npm run bench`.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalog, createLogger, createRedis, FaceLibrary, FsBlobStore, loadConfig, parseTaskInput, redisKeys } from '@crs/core';
import { createFacePlugin } from '@crs/plugin-face';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const prefix = `bench-watch-${randomUUID().slice(0, 8)}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-watchbench-'));
const config = loadConfig({ ...process.env, REDIS_PREFIX: prefix, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
const logger = createLogger('bench', 'silent');
const redis = createRedis(config.redis);
const blobs = new FsBlobStore(config.blobs.dir);
const faces = path.join(ROOT, 'plugins/face/testdata/faces');
const photos = [
  ...['group-or-portrait-1.jpg', 'group-or-portrait-3.jpg', 'group-or-portrait-4.jpg', 'spoof-screen-F2.jpg'].map((n) => ({ name: n, bytes: fs.readFileSync(path.join(faces, n)) })),
  // The same five children as group photo 2: every face matches.
  { name: 'image-classifier group.jpg', bytes: fs.readFileSync(path.join(ROOT, 'plugins/image-classifier/testdata/photos/group.jpg')) },
];

const face = createFacePlugin();
const image = createImageClassifierPlugin();
for (const p of [face, image]) await p.init({ logger, modelsDir: config.modelsDir, config, redis, blobs });
// What the worker's local tasks do: run the other plugin's handler in this process, checked by the catalog.
const local = {
  has: (task) => task === 'face.watch' || task === 'face.enroll',
  async run(task, input, ctx) {
    return catalog[task].output.parse(await face.process(task, parseTaskInput(task, input), ctx));
  },
};
const ctx = (tenant) => ({
  jobId: randomUUID(),
  tenant,
  logger,
  signal: new AbortController().signal,
  progress: async () => undefined,
  modelsDir: config.modelsDir,
  blobs,
  local,
  storeMedia: () => Promise.reject(new Error('not used')),
  fanOut: () => Promise.reject(new Error('not used')),
  resumed: null,
});
const store = async (tenant, bytes) => {
  const id = randomUUID();
  await blobs.put({ id, tenant, size: bytes.length, contentType: 'image/jpeg', sha256: '', createdAt: Date.now() }, bytes);
  return id;
};

// The watching tenant's watchlist: every person of group photo 2, each enrolled from a crop.
const library = new FaceLibrary(redis, redisKeys(prefix));
await library.createCollection('watching', { id: 'people', retainImages: false, moderation: { category: 'politics', level: 'block' } });
const group = fs.readFileSync(path.join(faces, 'group-or-portrait-2.jpg'));
const { cutFace } = await import('@crs/plugin-face');
const found = await face.process('face.detect', parseTaskInput('face.detect', { image: { fileId: await store('watching', group) }, maxFaces: 20 }), ctx('watching'));
for (const [i, f] of found.faces.entries()) {
  await library.createSubject('watching', 'people', { id: `p${i}` });
  const fileId = await store('watching', await cutFace(group, f.box));
  await local.run('face.enroll', { image: { fileId }, collection: 'people', subject: `p${i}` }, ctx('watching'));
}

const moderate = (tenant, fileId) => image.process('image.moderate', parseTaskInput('image.moderate', { image: { fileId } }), ctx(tenant));
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const photo of photos) {
  const ids = { plain: await store('plain', photo.bytes), watching: await store('watching', photo.bytes) };
  const checked = await moderate('watching', ids.watching);
  await moderate('plain', ids.plain);
  const off = [];
  const on = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await moderate('plain', ids.plain);
    off.push(performance.now() - t);
    t = performance.now();
    await moderate('watching', ids.watching);
    on.push(performance.now() - t);
  }
  rows.push({ photo, faces: checked.watchlist?.faces ?? 0, matched: checked.hits.filter((h) => h.source === 'face').length, off: p50(off), on: p50(on) });
}

const fmt = (n) => n.toFixed(1).padStart(8);
console.log(`image.moderate for a tenant without a watchlist and one with a watchlist of ${found.faces.length} people, ${os.cpus().length} cores, p50 of ${ROUNDS} runs each, one job at a time`);
console.log('photo                          faces  matched   none ms  watch ms  added ms');
for (const r of rows) console.log(`${r.photo.name.padEnd(30)} ${String(r.faces).padStart(5)} ${String(r.matched).padStart(8)} ${fmt(r.off)}  ${fmt(r.on)}  ${fmt(r.on - r.off)}`);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`mean added per image with a watchlist: ${mean(rows.map((r) => r.on - r.off)).toFixed(1)} ms (detection + embedding of every face + search); without one the check is a cached version lookup`);

await image.close();
await face.close();
let cursor = '0';
do {
  const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
  cursor = next;
  if (keys.length) await redis.del(...keys);
} while (cursor !== '0');
await redis.quit();
fs.rmSync(dataDir, { recursive: true, force: true });
