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
import { createImageClassifierPlugin, NSFW_DESCRIPTOR, NSFWJS_INCEPTION_SOURCE, readNsfwjsBundle } from '../dist/index.js';
import { testImages } from '../testdata/images.mjs';
import { loadReference, loadReferenceFrom } from '../testdata/tfjsReference.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-imgbench-'));
// The shipped models (MODELS_DIR or models/), and InceptionV3 where `npm run models -- fetch nsfw-inception-v3`
// put it (the checkout's .data/models unless MODELS_EXTRA_DIRS says otherwise).
const ROOT = path.resolve(import.meta.dirname, '../../..');
const config = loadConfig({ MODELS_EXTRA_DIRS: path.join(ROOT, '.data/models'), ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
const inceptionDir = [config.modelsDir, ...config.modelsExtraDirs].find((d) => fs.existsSync(path.join(d, NSFWJS_INCEPTION_SOURCE)));
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
const moderate = (id, classifiers = ['nsfw']) => plugin.process('image.moderate', parseTaskInput('image.moderate', { image: { fileId: id }, classifiers }), ctx());
const top = (scores) => Object.entries(scores).sort((a, b) => b[1] - a[1])[0][0];
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Warm-up, and the top class per image.
const onnxTop = [];
for (const id of ids) onnxTop.push(top((await moderate(id)).scores));

async function onnxRun(concurrency, classifiers) {
  const work = Array.from({ length: ROUNDS }, () => ids).flat();
  const latencies = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < work.length) {
        const id = work[next++];
        const t = performance.now();
        await moderate(id, classifiers);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: (work.length * 1000) / (performance.now() - started), p50: p50(latencies), count: work.length };
}

const sequential = await onnxRun(1);
const concurrent = await onnxRun(CONCURRENCY);
// InceptionV3, where installed: the same runs with it as the only classifier.
let inception = null;
if (inceptionDir) {
  for (const id of ids) await moderate(id, ['nsfw-inception-v3']);
  inception = { sequential: await onnxRun(1, ['nsfw-inception-v3']), concurrent: await onnxRun(CONCURRENCY, ['nsfw-inception-v3']) };
}
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

async function tfjsRun(reference) {
  const latencies = [];
  const started = performance.now();
  for (const { bytes } of images) {
    const t = performance.now();
    const { data, info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
    await reference.classify(data, info.height, info.width);
    latencies.push(performance.now() - t);
  }
  return { perSecond: (images.length * 1000) / (performance.now() - started), p50: p50(latencies) };
}
let inceptionTfjs = null;
if (inception) {
  const reference = await loadReferenceFrom(await readNsfwjsBundle(path.join(inceptionDir, NSFWJS_INCEPTION_SOURCE)), 299);
  inceptionTfjs = await tfjsRun(reference);
  reference.dispose();
}

const same = onnxTop.filter((c, i) => c === tfjsTop[i]).length;
const fmt = (n) => n.toFixed(1).padStart(8);
console.log(`image.moderate on ${os.cpus().length} cores, ${images.length} images (${images.map((i) => i.name).join(', ')})`);
console.log('                                   images/s   p50 ms   runs');
console.log(`onnxruntime, 1 at a time           ${fmt(sequential.perSecond)} ${fmt(sequential.p50)} ${String(sequential.count).padStart(6)}`);
console.log(`onnxruntime, ${CONCURRENCY} concurrent (batched) ${fmt(concurrent.perSecond)} ${fmt(concurrent.p50)} ${String(concurrent.count).padStart(6)}`);
console.log(`nsfwjs way, @tensorflow/tfjs (JS)  ${fmt(tfjsPerSecond)} ${fmt(p50(tfjsLatencies))} ${String(images.length).padStart(6)}`);
console.log(`speed-up: ${(sequential.perSecond / tfjsPerSecond).toFixed(0)}× one at a time, ${(concurrent.perSecond / tfjsPerSecond).toFixed(0)}× concurrent (aim ≥ 50×)`);
if (inception) {
  console.log('InceptionV3 (classifiers: ["nsfw-inception-v3"], 299×299)');
  console.log(`onnxruntime, 1 at a time           ${fmt(inception.sequential.perSecond)} ${fmt(inception.sequential.p50)} ${String(inception.sequential.count).padStart(6)}`);
  console.log(`onnxruntime, ${CONCURRENCY} concurrent (batched) ${fmt(inception.concurrent.perSecond)} ${fmt(inception.concurrent.p50)} ${String(inception.concurrent.count).padStart(6)}`);
  console.log(`nsfwjs way, @tensorflow/tfjs (JS)  ${fmt(inceptionTfjs.perSecond)} ${fmt(inceptionTfjs.p50)} ${String(images.length).padStart(6)}`);
  console.log(`InceptionV3 against MobileNetV2 on onnxruntime: ${(sequential.p50 / inception.sequential.p50).toFixed(2)}× the speed one at a time (p50 ${inception.sequential.p50.toFixed(1)} ms against ${sequential.p50.toFixed(1)} ms)`);
} else {
  console.log('InceptionV3: not installed (npm run models -- fetch nsfw-inception-v3), not measured');
}
console.log(`same top class: ${same}/${images.length}${same === images.length ? '' : `  differs on ${images.filter((_, i) => onnxTop[i] !== tfjsTop[i]).map((i) => i.name).join(', ')}`}`);
fs.rmSync(dataDir, { recursive: true, force: true });
