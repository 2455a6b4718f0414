// Event-loop delay while a 2000×1500 photo is inpainted: the whole image.inpaint task (decode, mask
// rasterising and dilation, fill, blend, encode) with its CPU-heavy steps in a worker thread as the
// plugin runs them, beside the same engine with those steps on the main thread (how it ran before),
// measured in this run with perf_hooks.monitorEventLoopDelay (10 ms resolution); '(idle)' is the same
// measure over as long with nothing running, the floor this machine's load sets. Each engine present
// runs: the classical ones always, ONNX models when installed. Run after a build.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { createLogger, FsBlobStore, loadConfig } from '@crs/core';
import { createRasterPool, engineRegistry, inlineRaster, inpaintImage, installedModels } from '../dist/index.js';

const W = 2000;
const H = 1500;
const ROUNDS = Number(process.env.BENCH_INPAINT_LOOP_ROUNDS ?? 2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-inpaint-loopdelay-'));
const config = loadConfig({ ...process.env, DATA_DIR: dir });
const blobs = new FsBlobStore(path.join(dir, 'blobs'));
const registry = engineRegistry(config);
const pool = createRasterPool({ maxThreads: 1 });
await pool.warm();

/** A photo-like gradient with texture, and scratches, blobs and patches over it. */
async function fixture() {
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      raw[i] = (255 * x) / W;
      raw[i + 1] = (255 * y) / H;
      raw[i + 2] = 128 + 60 * Math.sin(x / 13) * Math.cos(y / 17);
    }
  }
  const png = await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
  const id = randomUUID();
  await blobs.put({ id, tenant: 't', size: png.length, contentType: 'image/png', sha256: '', createdAt: Date.now() }, png);
  const line = (x0, y0, x1, y1, w) => ({ type: 'polygon', points: [[x0, y0], [x1, y1], [x1, y1 + w], [x0, y0 + w]] });
  const circle = (cx, cy, r) => ({ type: 'polygon', points: Array.from({ length: 24 }, (_, i) => [cx + r * Math.cos((i * Math.PI) / 12), cy + r * Math.sin((i * Math.PI) / 12)]) });
  const regions = [line(100, 150, 1900, 700, 10), line(150, 1350, 1850, 300, 10), line(900, 50, 1100, 1450, 8), circle(500, 500, 90), circle(1500, 1100, 120), { type: 'rect', x: 250, y: 1000, width: 300, height: 200 }];
  return { image: { fileId: id }, regions };
}

const ctx = {
  jobId: 'bench',
  tenant: 't',
  logger: createLogger('bench', 'silent'),
  signal: new AbortController().signal,
  progress: async () => undefined,
  modelsDir: config.modelsDir,
  blobs,
  local: { has: () => false, run: () => Promise.reject(new Error('none')) },
  async storeMedia(bytes, contentType) {
    const id = randomUUID();
    await blobs.put({ id, tenant: 't', size: bytes.length, contentType, sha256: '', createdAt: Date.now() }, bytes);
    return id;
  },
  fanOut: () => Promise.reject(new Error('not used')),
  resumed: null,
};

/** p99 and max of the event-loop delay (ms) over ROUNDS runs of the task, and the mean time per run. */
async function measure(input, raster) {
  const deps = { maxPixels: config.image.maxPixels, engine: (name) => registry.get(name), raster };
  await inpaintImage(input, ctx, deps); // warm-up: model load, OpenCV in this thread
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r++) await inpaintImage(input, ctx, deps);
  const ms = (performance.now() - started) / ROUNDS;
  histogram.disable();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, ms };
}

/** The same measure with nothing running, for as long: what this machine's load alone gives. */
async function idle(ms) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, ms));
  histogram.disable();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, ms };
}

const { image, regions } = await fixture();
const engines = ['telea', 'navier-stokes', ...installedModels(config).map((m) => m.name)];
const fmt = (r) => `${r.p99.toFixed(0)} / ${r.max.toFixed(0)} ms`.padStart(16) + `${(r.ms / 1000).toFixed(2)} s`.padStart(9);
console.log(`image.inpaint of a ${W}×${H} PNG (6 regions, dilate 4) on ${os.cpus().length} cores, ${ROUNDS} runs each: event-loop delay p99 / max, time per run`);
console.log(`${'engine'.padEnd(16)}${'main thread (before)'.padStart(25)}${'worker thread'.padStart(25)}`);
for (const name of engines) {
  const input = { image, regions, engine: name, format: 'png', radius: 5, dilate: 4 };
  const before = await measure(input, inlineRaster);
  const after = await measure(input, pool);
  console.log(`${name.padEnd(16)}${fmt(before)}${fmt(after)}`);
  console.log(`${'  (idle)'.padEnd(16)}${' '.repeat(25)}${fmt(await idle(after.ms * ROUNDS))}`);
}
await registry.close();
await pool.close();
fs.rmSync(dir, { recursive: true, force: true });
