// Images per second for image.moderate (converted model on onnxruntime-node, the plugin's whole
// path: blob read, decode, contract resize, batching) against the same model run the way nsfwjs runs
// it on @tensorflow/tfjs in pure JS, on the same images in the same run, and whether both pick the same top class on each.
// Run through `npm run bench` (which builds first); needs no Redis or network.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createLogger, FsBlobStore, loadConfig, parseTaskInput } from '@crs/core';
import { createImageClassifierPlugin, NSFW_DESCRIPTOR } from '../dist/index.js';
import { testImages } from '../testdata/images.mjs';
import { loadReference } from '../testdata/tfjsReference.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-imgbench-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, MODELS_DIR: process.env.MODELS_DIR ?? path.join(dataDir, 'models'), LOG_LEVEL: 'silent' });
const logger = createLogger('bench', 'silent');
const blobs = new FsBlobStore(config.blobs.dir);

const images = await testImages();
const ids = [];
for (const { bytes } of images) {
  const id = randomUUID();
  await blobs.put({ id, tenant: 'bench', size: bytes.length, contentType: 'image/*', sha256: '', createdAt: Date.now() }, bytes);
  ids.push(id);
}

const plugin = createImageClassifierPlugin();
await plugin.init({ logger, modelsDir: config.modelsDir, config, redis: null, blobs });
const ctx = () => ({
  jobId: randomUUID(),
  tenant: 'bench',
  logger,
  signal: new AbortController().signal,
  progress: async () => undefined,
  modelsDir: config.modelsDir,
  blobs,
  local: { has: () => false, run: async () => undefined },
  storeMedia: () => Promise.reject(new Error('not used')),
  fanOut: () => Promise.reject(new Error('not used')),
  resumed: null,
});
const moderate = (id) => plugin.process('image.moderate', parseTaskInput('image.moderate', { image: { fileId: id } }), ctx());
const top = (scores) => Object.entries(scores).sort((a, b) => b[1] - a[1])[0][0];
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Warm-up, and the top class per image.
const onnxTop = [];
for (const id of ids) onnxTop.push(top((await moderate(id)).scores));

async function onnxRun(concurrency) {
  const work = Array.from({ length: ROUNDS }, () => ids).flat();
  const latencies = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < work.length) {
        const id = work[next++];
        const t = performance.now();
        await moderate(id);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: (work.length * 1000) / (performance.now() - started), p50: p50(latencies), count: work.length };
}

const sequential = await onnxRun(1);
const concurrent = await onnxRun(CONCURRENCY);
await plugin.close();

// nsfwjs the way its users run it in Node without native bindings: decode, tensor, classify.
const model = await loadReference();
const tfjsTop = [];
const tfjsLatencies = [];
const tfjsStarted = performance.now();
for (const { bytes } of images) {
  const t = performance.now();
  const { data, info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const probabilities = await model.classify(data, info.height, info.width);
  tfjsLatencies.push(performance.now() - t);
  tfjsTop.push(NSFW_DESCRIPTOR.labels[probabilities.indexOf(Math.max(...probabilities))]);
}
const tfjsPerSecond = (images.length * 1000) / (performance.now() - tfjsStarted);

const same = onnxTop.filter((c, i) => c === tfjsTop[i]).length;
const fmt = (n) => n.toFixed(1).padStart(8);
console.log(`image.moderate on ${os.cpus().length} cores, ${images.length} images (${images.map((i) => i.name).join(', ')})`);
console.log('                                   images/s   p50 ms   runs');
console.log(`onnxruntime, 1 at a time           ${fmt(sequential.perSecond)} ${fmt(sequential.p50)} ${String(sequential.count).padStart(6)}`);
console.log(`onnxruntime, ${CONCURRENCY} concurrent (batched) ${fmt(concurrent.perSecond)} ${fmt(concurrent.p50)} ${String(concurrent.count).padStart(6)}`);
console.log(`nsfwjs way, @tensorflow/tfjs (JS)  ${fmt(tfjsPerSecond)} ${fmt(p50(tfjsLatencies))} ${String(images.length).padStart(6)}`);
console.log(`speed-up: ${(sequential.perSecond / tfjsPerSecond).toFixed(0)}× one at a time, ${(concurrent.perSecond / tfjsPerSecond).toFixed(0)}× concurrent (aim ≥ 50×)`);
console.log(`same top class: ${same}/${images.length}${same === images.length ? '' : `  differs on ${images.filter((_, i) => onnxTop[i] !== tfjsTop[i]).map((i) => i.name).join(', ')}`}`);
fs.rmSync(dataDir, { recursive: true, force: true });
