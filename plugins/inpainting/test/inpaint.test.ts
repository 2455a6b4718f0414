import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createLogger, FsBlobStore, loadConfig, type JobContext, type TaskInput } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInpaintingPlugin, dilate, drawRegions, maskFromPixels, modelSize, planCrops, BUILTIN_MANIFESTS } from '../src/index.js';
import { FLOAT_FILL, UINT8_FILL, writeGeneratedModels } from './generatedModels.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-inpaint-'));
const modelsDir = path.join(dir, 'models');
const config = loadConfig({ DATA_DIR: dir, MODELS_DIR: modelsDir });
const blobs = new FsBlobStore(path.join(dir, 'blobs'));
const plugin = createInpaintingPlugin();
const tenant = 't';

async function put(bytes: Buffer, contentType = 'image/png'): Promise<string> {
  const id = randomUUID();
  await blobs.put({ id, tenant, size: bytes.length, contentType, sha256: '', createdAt: Date.now() }, bytes);
  return id;
}

const ctx = (): JobContext => ({
  jobId: 'j',
  tenant,
  logger: createLogger('test', 'silent'),
  signal: new AbortController().signal,
  progress: async () => undefined,
  modelsDir,
  blobs,
  local: { has: () => false, run: () => Promise.reject(new Error('none')) },
  storeMedia: (bytes, contentType) => put(bytes, contentType),
  fanOut: () => Promise.reject(new Error('no fan-out here')),
  resumed: null,
});

/** A smooth colour gradient with a diagonal stripe pattern: easy to restore from context, easy to check. */
async function scene(width: number, height: number): Promise<{ png: Buffer; raw: Buffer }> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = Math.round((255 * x) / width);
      raw[i + 1] = Math.round((255 * y) / height);
      raw[i + 2] = 128 + Math.round(40 * Math.sin((x + y) / 9));
    }
  }
  return { raw, png: await sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer() };
}

async function run(input: Partial<TaskInput<'image.inpaint'>> & { image: { fileId: string } }) {
  const out = (await plugin.process('image.inpaint', { engine: 'telea', format: 'png', radius: 5, dilate: 0, ...input }, ctx())) as { fileId: string; maskedPixels: number; engine: string; width: number; height: number; crops: unknown[] };
  const stored = await blobs.get(tenant, out.fileId);
  const { data } = await sharp(stored!.bytes).raw().toBuffer({ resolveWithObject: true });
  return { out, pixels: data, contentType: stored!.info.contentType };
}

beforeAll(async () => {
  writeGeneratedModels(modelsDir);
  await plugin.init({ logger: createLogger('test', 'silent'), modelsDir, config, redis: undefined as never, blobs });
}, 30_000);
afterAll(async () => {
  await plugin.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('masks and crops', () => {
  it('rasterises rectangles and polygons, reads white in RGBA masks, and dilates', () => {
    const mask = { data: new Uint8Array(20 * 10), width: 20, height: 10 };
    drawRegions(mask, [{ type: 'rect', x: 2, y: 2, width: 3, height: 2 }, { type: 'polygon', points: [[10, 0], [19, 0], [19, 9]] }]);
    expect(mask.data.reduce((a, b) => a + b, 0)).toBe(6 + 45);
    expect(mask.data[2 * 20 + 2]).toBe(1);
    expect(mask.data[9 * 20 + 10]).toBe(0);
    const grown = dilate({ data: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), width: 5, height: 5 }, 1);
    expect(grown.data.reduce((a, b) => a + b, 0)).toBe(9);
    const rgba = Uint8Array.from([255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 255]);
    expect([...maskFromPixels(rgba, 3, 1, 4).data]).toEqual([1, 0, 0]);
  });

  it('pads each part of the mask with context and merges parts whose crops overlap', () => {
    const mask = { data: new Uint8Array(400 * 300), width: 400, height: 300 };
    drawRegions(mask, [{ type: 'rect', x: 10, y: 10, width: 10, height: 10 }, { type: 'rect', x: 40, y: 15, width: 5, height: 5 }, { type: 'rect', x: 300, y: 200, width: 20, height: 40 }]);
    const crops = planCrops(mask);
    expect(crops).toHaveLength(2);
    expect(crops[0]).toEqual({ x: 0, y: 0, width: 77, height: 52 });
    expect(crops[1]).toEqual({ x: 268, y: 168, width: 84, height: 104 });
  });

  it('sizes model inputs: fixed side, or scaled to maxSide and rounded up to the multiple', () => {
    expect(modelSize(BUILTIN_MANIFESTS.lama!, 300, 100)).toEqual({ width: 512, height: 512 });
    expect(modelSize(BUILTIN_MANIFESTS.migan!, 300, 101)).toEqual({ width: 304, height: 104 });
    expect(modelSize(BUILTIN_MANIFESTS.migan!, 3000, 1500)).toEqual({ width: 1024, height: 512 });
  });
});

describe('image.inpaint', () => {
  it('restores a scratch with Telea and Navier–Stokes, leaving every other pixel exactly as it was', async () => {
    const { png, raw } = await scene(320, 240);
    const damaged = Buffer.from(raw);
    const regions = [{ type: 'polygon' as const, points: [[40, 50], [280, 170], [280, 176], [40, 56]] as [number, number][] }];
    const mask = { data: new Uint8Array(320 * 240), width: 320, height: 240 };
    drawRegions(mask, regions);
    for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) damaged.fill(255, i * 3, i * 3 + 3);
    const image = { fileId: await put(await sharp(damaged, { raw: { width: 320, height: 240, channels: 3 } }).png().toBuffer()) };
    for (const engine of ['telea', 'navier-stokes']) {
      const { out, pixels } = await run({ image, regions, engine });
      expect(out).toMatchObject({ engine, width: 320, height: 240, maskedPixels: mask.data.reduce((a, b) => a + b, 0) });
      let err = 0, n = 0, changedOutside = 0;
      for (let i = 0; i < mask.data.length; i++) {
        for (let c = 0; c < 3; c++) {
          if (mask.data[i]) {
            err += Math.abs(pixels[i * 3 + c]! - raw[i * 3 + c]!);
            n++;
          } else if (pixels[i * 3 + c] !== damaged[i * 3 + c]) changedOutside++;
        }
      }
      expect(changedOutside).toBe(0);
      // The white scratch is gone: restored pixels are within a few levels of the scene.
      expect(err / n, engine).toBeLessThan(8);
    }
    expect(png.length).toBeGreaterThan(0);
  });

  it('takes a mask image of another size and returns JPEG when asked', async () => {
    const { png } = await scene(300, 200);
    const maskPng = await sharp({ create: { width: 150, height: 100, channels: 3, background: '#000' } })
      .composite([{ input: await sharp({ create: { width: 20, height: 10, channels: 3, background: '#fff' } }).png().toBuffer(), left: 60, top: 40 }])
      .png()
      .toBuffer();
    const { out, contentType } = await run({ image: { fileId: await put(png) }, mask: { fileId: await put(maskPng) }, format: 'jpeg' });
    expect(out.maskedPixels).toBe(40 * 20);
    expect(contentType).toBe('image/jpeg');
  });

  it('runs a fixed-size float ONNX model through crop, resize, infer, resize back and blend', async () => {
    const { png, raw } = await scene(400, 300);
    const { out, pixels } = await run({ image: { fileId: await put(png) }, regions: [{ type: 'rect', x: 150, y: 100, width: 60, height: 40 }], engine: 'fill-fixed' });
    expect(out).toMatchObject({ engine: 'fill-fixed', maskedPixels: 2400, crops: [{ x: 118, y: 68, width: 124, height: 104 }] });
    const at = (x: number, y: number) => [...pixels.subarray((y * 400 + x) * 3, (y * 400 + x) * 3 + 3)];
    const grey = Math.round(FLOAT_FILL * 255);
    // Well inside the hole the model's grey arrives unchanged by the two resizes.
    for (const [x, y] of [[170, 115], [180, 120], [195, 125]]) for (const v of at(x!, y!)) expect(Math.abs(v - grey)).toBeLessThanOrEqual(2);
    // Outside the mask the original, exactly: including right next to it.
    for (const [x, y] of [[149, 120], [210, 120], [180, 99], [180, 140], [0, 0], [399, 299]]) expect(at(x!, y!)).toEqual([...raw.subarray((y! * 400 + x!) * 3, (y! * 400 + x!) * 3 + 3)]);
  });

  it('runs an any-size uint8 ONNX model with an inverted mask, scaling large crops to its maxSide', async () => {
    const { png, raw } = await scene(900, 600);
    const { out, pixels } = await run({ image: { fileId: await put(png) }, regions: [{ type: 'rect', x: 100, y: 100, width: 500, height: 300 }], engine: 'fill-any' });
    expect(out.engine).toBe('fill-any');
    const at = (x: number, y: number) => [...pixels.subarray((y * 900 + x) * 3, (y * 900 + x) * 3 + 3)];
    for (const v of at(350, 250)) expect(Math.abs(v - UINT8_FILL)).toBeLessThanOrEqual(2);
    expect(at(99, 250)).toEqual([...raw.subarray((250 * 900 + 99) * 3, (250 * 900 + 99) * 3 + 3)]);
  });

  it('refuses what cannot be done with clear codes', async () => {
    const { png } = await scene(100, 80);
    const image = { fileId: await put(png) };
    await expect(run({ image, regions: [{ type: 'rect', x: 10, y: 10, width: 5, height: 5 }], engine: 'lama' })).rejects.toMatchObject({
      code: 'model_not_installed',
      message: expect.stringContaining('npm run models -- fetch lama'),
    });
    await expect(run({ image, regions: [{ type: 'rect', x: 10, y: 10, width: 5, height: 5 }], engine: 'nosuch' })).rejects.toMatchObject({ code: 'model_not_installed' });
    await expect(run({ image, regions: [{ type: 'rect', x: 500, y: 500, width: 5, height: 5 }] })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(run({ image: { fileId: await put(png.subarray(0, 100)) }, regions: [{ type: 'rect', x: 1, y: 1, width: 5, height: 5 }] })).rejects.toMatchObject({ code: 'corrupt_media' });
  });
});
