import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createLogger, FsBlobStore, InvalidRequestError, JobCanceledError, loadConfig, type InpaintRegion, type JobContext } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInpaintingPlugin, createRasterPool, type Raster } from '../src/index.js';

/**
 * A large inpainting's seconds of work (rasterising and dilating the mask,
 * OpenCV's fill) run in worker threads: the process's event loop, which
 * serves its other jobs, keeps turning meanwhile. Before, a 2000×1500 photo
 * with long scratches held it for seconds at a time.
 */
const W = 2000;
const H = 1500;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-inpaint-loop-'));
const config = loadConfig({ DATA_DIR: dir, MODELS_DIR: path.join(dir, 'models') });
const blobs = new FsBlobStore(path.join(dir, 'blobs'));
const plugin = createInpaintingPlugin();
const tenant = 't';
let raster: Raster;
let imageId = '';

/** Long diagonal scratches (each a polygon whose bounding box is the whole photo) and a patch. */
const REGIONS: InpaintRegion[] = [
  { type: 'polygon', points: [[100, 100], [1900, 1390], [1900, 1402], [100, 112]] },
  { type: 'polygon', points: [[100, 1400], [1900, 100], [1900, 112], [100, 1412]] },
  { type: 'rect', x: 800, y: 600, width: 200, height: 150 },
];

const ctx = (signal = new AbortController().signal): JobContext => ({
  jobId: 'j',
  tenant,
  logger: createLogger('test', 'silent'),
  signal,
  progress: async () => undefined,
  modelsDir: config.modelsDir,
  blobs,
  local: { has: () => false, run: () => Promise.reject(new Error('none')) },
  async storeMedia(bytes, contentType) {
    const id = randomUUID();
    await blobs.put({ id, tenant, size: bytes.length, contentType, sha256: '', createdAt: Date.now() }, bytes);
    return id;
  },
  fanOut: () => Promise.reject(new Error('no fan-out here')),
  resumed: null,
});

/** The longest wait of a 10 ms interval timer while `work` runs: how long the event loop was held at a stretch. */
async function longestStall(work: () => Promise<unknown>): Promise<{ stallMs: number; ticks: number }> {
  let last = performance.now();
  let stallMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
    ticks++;
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  stallMs = Math.max(stallMs, performance.now() - last);
  return { stallMs, ticks };
}

beforeAll(async () => {
  await plugin.init({ logger: createLogger('test', 'silent'), modelsDir: config.modelsDir, config, redis: undefined as never, blobs });
  raster = createRasterPool({ maxThreads: 1 });
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      raw[i] = (255 * x) / W;
      raw[i + 1] = (255 * y) / H;
      raw[i + 2] = 128 + 60 * Math.sin((x + y) / 15);
    }
  }
  const png = await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
  imageId = randomUUID();
  await blobs.put({ id: imageId, tenant, size: png.length, contentType: 'image/png', sha256: '', createdAt: Date.now() }, png);
}, 60_000);
afterAll(async () => {
  await plugin.close();
  await raster?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('inpainting off the event loop', () => {
  it('keeps a 10 ms timer firing while a 2000×1500 photo is inpainted with Telea (no wait above 200 ms)', async () => {
    let out: Record<string, unknown> = {};
    const { stallMs, ticks } = await longestStall(async () => {
      out = (await plugin.process('image.inpaint', { image: { fileId: imageId }, regions: REGIONS, engine: 'telea', format: 'png', radius: 5, dilate: 4 }, ctx())) as Record<string, unknown>;
    });
    process.stdout.write(`longest event-loop stall during a ${W}×${H} Telea inpaint: ${stallMs.toFixed(0)} ms (${ticks} ticks)\n`);
    expect(out).toMatchObject({ engine: 'telea', width: W, height: H });
    expect(out.maskedPixels).toBeGreaterThan(40_000);
    expect(stallMs).toBeLessThan(200);
  }, 120_000);

  it('ends a running fill when the job is aborted, with the abort reason, and serves the next job', async () => {
    const abort = new AbortController();
    const reason = new JobCanceledError('the job was canceled while running');
    const crop = { data: Buffer.alloc(W * H * 3, 90), width: W, height: H };
    const mask = { data: new Uint8Array(W * H).fill(1, W * 600, W * 900), width: W, height: H };
    const running = raster.classicalFill({ engine: 'navier-stokes', crop, mask, radius: 5 }, abort.signal);
    setTimeout(() => abort.abort(reason), 300);
    await expect(running).rejects.toBe(reason);
    // The thread was ended, not left filling; a new one takes the next job.
    const small = await raster.classicalFill({ engine: 'telea', crop: { data: Buffer.alloc(30 * 20 * 3, 50), width: 30, height: 20 }, mask: { data: new Uint8Array(600).fill(1, 200, 260), width: 30, height: 20 }, radius: 3 });
    expect(small.width).toBe(30);
    expect(Buffer.isBuffer(small.data)).toBe(true);
  }, 60_000);

  it('rethrows an error raised in the thread as the same class with the same code', async () => {
    const err = await raster.prepareMask({ width: 100, height: 80, regions: [{ type: 'rect', x: 500, y: 500, width: 5, height: 5 }], dilate: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ code: 'invalid_request', status: 400, message: expect.stringContaining('the mask marks no pixel') });
  });
});
