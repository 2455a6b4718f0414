import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { AppError, createLogger, DataType, decodeModel, encodeModel, findModel, floatTensor, FsBlobStore, int64Tensor, loadConfig, parseTaskInput, type JobContext } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axisWeights,
  BUILTIN_MANIFESTS,
  createRestorationPlugin,
  decodeForRestore,
  defaultModel,
  denoiseLevel,
  modelRegistry,
  planTiles,
  restoreImage,
  RestoreThreadPool,
  runPasses,
  splitAxis,
  tileGeometry,
  upscaleTiles,
} from '../src/index.js';
import { writeNearestModel } from './generatedModels.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-restore-'));
const extraModels = path.join(dir, 'models');
writeNearestModel(extraModels);
// MODELS_DIR stays the repository's models/ (the shipped waifu2x and Real-ESRGAN files).
const config = loadConfig({ DATA_DIR: dir, MODELS_EXTRA_DIRS: extraModels });
const blobs = new FsBlobStore(path.join(dir, 'blobs'));
const plugin = createRestorationPlugin();
const models = modelRegistry(config);
const pool = new RestoreThreadPool();
const tenant = 't';
const FACES = path.resolve(import.meta.dirname, '../../face/testdata/faces');

async function put(bytes: Buffer, contentType = 'image/png'): Promise<string> {
  const id = randomUUID();
  await blobs.put({ id, tenant, size: bytes.length, contentType, sha256: '', createdAt: Date.now() }, bytes);
  return id;
}

function ctx(overrides: Partial<JobContext> = {}): JobContext {
  return {
    jobId: 'j',
    tenant,
    logger: createLogger('test', 'silent'),
    signal: new AbortController().signal,
    progress: async () => undefined,
    modelsDir: config.modelsDir,
    blobs,
    local: { has: () => false, run: () => Promise.reject(new Error('none')) },
    storeMedia: (bytes, contentType) => put(bytes, contentType),
    fanOut: () => Promise.reject(new Error('no fan-out here')),
    resumed: null,
    ...overrides,
  };
}

/** Random colours: any misplaced or misweighted tile pixel shows. */
function noise(width: number, height: number, channels: 3 | 4, seed = 1): Buffer {
  const out = Buffer.alloc(width * height * channels);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

async function restore(input: Record<string, unknown>, context = ctx()) {
  const out = (await plugin.process('image.restore', parseTaskInput('image.restore', input), context)) as {
    fileId: string;
    url: string;
    width: number;
    height: number;
    model: string;
    tiles: number;
    alpha: boolean;
    denoise: number;
  };
  const stored = await blobs.get(tenant, out.fileId);
  const decoded = await sharp(stored!.bytes).raw().toBuffer({ resolveWithObject: true });
  return { out, contentType: stored!.info.contentType, pixels: decoded.data, info: decoded.info };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return (err as AppError).code;
}

beforeAll(async () => {
  await plugin.init({ logger: createLogger('test', 'silent'), modelsDir: config.modelsDir, config, redis: undefined as never, blobs });
});
afterAll(async () => {
  await plugin.close();
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tile plan', () => {
  it('covers each axis with intervals no longer than asked that share exactly the overlap', () => {
    for (const length of [1, 40, 41, 100, 257, 1999]) {
      const parts = splitAxis(length, 40, 6);
      expect(parts[0]!.start).toBe(0);
      expect(parts.at(-1)!.end).toBe(length);
      for (const p of parts) expect(p.end - p.start).toBeLessThanOrEqual(40);
      for (let i = 1; i < parts.length; i++) expect(parts[i - 1]!.end - parts[i]!.start).toBe(6);
    }
  });

  it('gives blend weights that add up to 1 on every output pixel', () => {
    const width = 131, height = 97, scale = 2;
    const plan = planTiles(width, height, { size: 48, padding: 4, overlap: 6, multipleOf: 1 });
    expect(plan.tiles.length).toBeGreaterThan(9);
    const sum = new Float64Array(width * scale * height * scale);
    for (const t of plan.tiles) {
      const wx = axisWeights(t.width * scale, plan.overlap * scale, t.left, t.right);
      const wy = axisWeights(t.height * scale, plan.overlap * scale, t.top, t.bottom);
      for (let y = 0; y < wy.length; y++) for (let x = 0; x < wx.length; x++) sum[(t.y * scale + y) * width * scale + t.x * scale + x]! += wx[x]! * wy[y]!;
    }
    for (const v of sum) expect(v).toBeCloseTo(1, 5);
  });
});

describe('graph passes', () => {
  const padded = (mode: string, pads: number[]) =>
    decodeModel(
      encodeModel({
        graphName: 'padded',
        producer: 'crs-tests',
        producerVersion: '1',
        docString: '',
        opset: 13,
        nodes: [
          { op: 'Pad', inputs: ['image', 'pads'], outputs: ['wide'], name: 'pad', attributes: { mode } },
          { op: 'Conv', inputs: ['wide', 'w'], outputs: ['out'], name: 'conv', attributes: { kernel_shape: [3, 3], pads: [0, 0, 0, 0] } },
        ],
        initializers: [int64Tensor('pads', pads), floatTensor('w', [3, 3, 3, 3], new Float32Array(81).fill(1 / 27))],
        inputs: [{ name: 'image', elemType: DataType.FLOAT, shape: [1, 3, 'h', 'w'] }],
        outputs: [{ name: 'out', elemType: DataType.FLOAT, shape: [1, 3, 'h', 'w'] }],
      }),
    );

  it('takes a symmetric reflect or edge Pad off the input and rewires its reader', () => {
    const spec = padded('reflect', [0, 0, 1, 1, 0, 0, 1, 1]);
    expect(runPasses(spec)).toEqual({ hoistedPad: { pad: 1, mode: 'reflect' } });
    expect(spec.nodes.map((n) => [n.op, n.inputs[0]])).toEqual([['Conv', 'image']]);
    expect(spec.initializers.map((t) => t.name)).toEqual(['w']);
  });

  it('leaves a constant Pad, or one that pads channels or sides unevenly, where it is', () => {
    for (const [mode, pads] of [
      ['constant', [0, 0, 1, 1, 0, 0, 1, 1]],
      ['reflect', [0, 0, 1, 2, 0, 0, 1, 2]],
      ['edge', [0, 1, 1, 1, 0, 1, 1, 1]],
    ] as const) {
      const spec = padded(mode, [...pads]);
      expect(runPasses(spec).hoistedPad).toBeNull();
      expect(spec.nodes.map((n) => n.op)).toEqual(['Pad', 'Conv']);
    }
  });
});

describe('restoring through a model described by a manifest in the models directory', () => {
  it('blends many tiles into exactly what one pass gives: no seam, no weight error', async () => {
    const width = 131, height = 97;
    const image = { pixels: noise(width, height, 3), width, height, channels: 3 as const };
    const expected = await sharp(image.pixels, { raw: { width, height, channels: 3 } }).resize(width * 2, height * 2, { kernel: 'nearest' }).raw().toBuffer();
    const result = await upscaleTiles(pool, { ...image, pixels: Buffer.from(image.pixels) }, await models.get('nearest-x2'));
    expect(result.tiles).toBeGreaterThan(9);
    expect([result.width, result.height]).toEqual([width * 2, height * 2]);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i]! - result.rgb[i]!));
    expect(worst).toBe(0);
  });

  it('keeps alpha (scaled bicubically), applies EXIF orientation and reports progress per tile', async () => {
    const width = 60, height = 40;
    const rgba = noise(width, height, 4);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba[(y * width + x) * 4 + 3] = x < width / 2 ? 0 : 255;
    // Orientation 6: stored landscape, shown portrait.
    const rotated = await sharp(rgba, { raw: { width, height, channels: 4 } }).png().withMetadata({ orientation: 6 }).toBuffer();
    const seen: number[] = [];
    const { out, info, pixels, contentType } = await restore(
      { image: { fileId: await put(rotated) }, model: 'nearest-x2', format: 'webp' },
      ctx({ progress: async (p) => void seen.push(p) }),
    );
    expect(contentType).toBe('image/webp');
    expect([out.width, out.height, info.width, info.height]).toEqual([height * 2, width * 2, height * 2, width * 2]);
    expect(out.alpha).toBe(true);
    expect(info.channels).toBe(4);
    // Turned upright the transparent half is the top one (orientation 6 turns it clockwise).
    expect(pixels[(10 * info.width + 30) * 4 + 3]).toBe(0);
    expect(pixels[(110 * info.width + 30) * 4 + 3]).toBe(255);
    expect(seen.length).toBe(out.tiles + 1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('stops between tiles when the job is canceled', async () => {
    // waifu2x in 3 × 2 tiles of a good fraction of a second each: the cancel, sent after the first, lands mid-run.
    // (The restore thread takes waifu2x's 7 px input Pad out of its graph and reads that context itself.)
    const width = 500, height = 300;
    const plan = planTiles(width, height, tileGeometry(BUILTIN_MANIFESTS['waifu2x-photo-noise0-x2']!.tile, 1, 7));
    expect(plan.tiles.length).toBe(6);
    const controller = new AbortController();
    let tiles = 0;
    const id = await put(await sharp(noise(width, height, 3), { raw: { width, height, channels: 3 } }).png().toBuffer());
    const context = ctx({
      signal: controller.signal,
      progress: async (p) => {
        if (p > 5 && ++tiles === 1) controller.abort(new Error('canceled by the test'));
      },
    });
    await expect(plugin.process('image.restore', parseTaskInput('image.restore', { image: { fileId: id }, scale: 2 }), context)).rejects.toThrow('canceled by the test');
    expect(tiles).toBeGreaterThanOrEqual(1);
    expect(tiles).toBeLessThan(plan.tiles.length);
  }, 60_000);

  it('answers bad input with typed errors', async () => {
    const deps = (maxPixels: number) => ({ maxPixels, model: (name: string) => models.get(name), threads: pool });
    const small = await put(await sharp({ create: { width: 100, height: 100, channels: 3, background: '#808080' } }).png().toBuffer());
    const input = (extra: Record<string, unknown>) => parseTaskInput('image.restore', { image: { fileId: small }, ...extra });
    // The input fits, the 4× result does not.
    expect(await codeOf(restoreImage(input({ scale: 4, model: 'nearest-x2' }), ctx(), deps(100_000)))).toBe('image_too_large');
    // The decompression-bomb guard: the input alone is over the limit.
    expect(await codeOf(restoreImage(input({ model: 'nearest-x2' }), ctx(), deps(5_000)))).toBe('image_too_large');
    expect(await codeOf(restoreImage(parseTaskInput('image.restore', { image: { fileId: await put(Buffer.from('not an image at all, just text'), 'text/plain') } }), ctx(), deps(1e6)))).toBe(
      'unsupported_media',
    );
    expect(await codeOf(restoreImage(input({ model: 'no-such-model' }), ctx(), deps(1e6)))).toBe('model_not_installed');
    expect(() => parseTaskInput('image.restore', { image: { fileId: small }, scale: 3 })).toThrow(/scale is 1, 2 or 4/);
    expect(() => parseTaskInput('image.restore', { image: { fileId: small }, scale: 1 })).toThrow(/would change nothing/);
    expect(() => parseTaskInput('image.restore', { image: { fileId: small }, denoise: 4 })).toThrow(/denoise/);
  });
});

describe('the shipped models', () => {
  const crop = async (file: string, width: number, height: number) => {
    const { data } = await sharp(path.join(FACES, file)).extract({ left: 300, top: 200, width, height }).raw().toBuffer({ resolveWithObject: true });
    return { pixels: data, width, height, channels: 3 as const };
  };

  it.each([
    ['waifu2x-photo-noise0-x2', 300, 200, 1],
    ['realesr-general-x4v3', 400, 100, 4],
  ])('%s: tiles blend to what one pass over the whole image gives', async (name, width, height, tolerance) => {
    const image = await crop('group-or-portrait-1.jpg', width, height);
    const tiled = await upscaleTiles(pool, { ...image, pixels: Buffer.from(image.pixels) }, await models.get(name));
    expect(tiled.tiles).toBeGreaterThan(1);
    const manifest = { ...BUILTIN_MANIFESTS[name]!, tile: { size: 2048, padding: 0, overlap: 0 } };
    const once = await upscaleTiles(pool, { ...image, pixels: Buffer.from(image.pixels) }, { manifest, file: findModel(config, manifest.file, 'restoration'), threads: 0 });
    expect(once.tiles).toBe(1);
    let worst = 0;
    let total = 0;
    for (let i = 0; i < once.rgb.length; i++) {
      const d = Math.abs(once.rgb[i]! - tiled.rgb[i]!);
      worst = Math.max(worst, d);
      total += d;
    }
    expect(worst).toBeLessThanOrEqual(tolerance);
    expect(total / once.rgb.length).toBeLessThan(0.05);
  }, 120_000);

  it('waifu2x with its Pad taken out of the graph and 7 px of image context per tile gives what the published graph gives in one pass', async () => {
    // 203 × 157: odd sizes, so tiles end at every kind of border; the reflection at the image's edges is the tiler's now.
    const image = await crop('group-or-portrait-2.jpg', 203, 157);
    const ref = await models.get('waifu2x-photo-noise0-x2');
    const tiled = await upscaleTiles(pool, { ...image, pixels: Buffer.from(image.pixels) }, { ...ref, manifest: { ...ref.manifest, tile: { size: 96, padding: 7, overlap: 0 } } });
    expect(tiled.tiles).toBeGreaterThan(4);
    expect(tiled.stats.modelPixels).toBeGreaterThan(image.width * image.height);
    const published = await upscaleTiles(pool, { ...image, pixels: Buffer.from(image.pixels) }, { ...ref, graphPasses: false, manifest: { ...ref.manifest, tile: { size: 2048, padding: 0, overlap: 0 } } });
    expect(published.tiles).toBe(1);
    let worst = 0;
    for (let i = 0; i < published.rgb.length; i++) worst = Math.max(worst, Math.abs(published.rgb[i]! - tiled.rgb[i]!));
    expect(worst).toBeLessThanOrEqual(1);
  }, 120_000);

  it('chooses waifu2x for 2× and, for denoise at scale 1, keeps the size', async () => {
    const image = await crop('live-T1.jpg', 64, 48);
    const id = await put(await sharp(image.pixels, { raw: { width: 64, height: 48, channels: 3 } }).png().toBuffer());
    const twice = await restore({ image: { fileId: id } });
    expect(twice.out).toMatchObject({ model: 'waifu2x-photo-noise0-x2', width: 128, height: 96, denoise: 0, url: `/v1/files/${twice.out.fileId}` });
    const clean = await restore({ image: { fileId: id }, scale: 1, denoise: true, format: 'jpeg' });
    expect(clean.out).toMatchObject({ model: 'waifu2x-photo-noise3-x2', width: 64, height: 48, alpha: false, denoise: 3 });
    expect(clean.contentType).toBe('image/jpeg');
  }, 120_000);

  it('picks by the measured table: Real-ESRGAN wdn for 4× and for the strongest noise removal', () => {
    expect(defaultModel(4, 0)).toBe('realesr-general-wdn-x4v3');
    expect(defaultModel(2, 1)).toBe('waifu2x-photo-noise1-x2');
    expect(defaultModel(1, denoiseLevel(true))).toBe('waifu2x-photo-noise3-x2');
    expect(defaultModel(1, 3)).toBe('realesr-general-wdn-x4v3');
  });

  it('decodes the input upright, as EXIF says', async () => {
    const decoded = await decodeForRestore(fs.readFileSync(path.join(FACES, 'live-T1.jpg')), 50e6, 2);
    expect([decoded.width, decoded.height]).toEqual([480, 640]);
  });
});
