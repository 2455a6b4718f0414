import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBase64Input, FsBlobStore, sniffMediaType } from '../src/index.js';
import { contractSize, ORIGINAL_MAX_PIXELS, prepareImage, sampleFrames } from '../src/media/image.js';

const limits = { maxPixels: 10_000_000, maxFrames: 4 };

describe('contractSize', () => {
  it('fits large images into 512×512 without distortion', () => {
    expect(contractSize(4000, 3000, false)).toEqual({ width: 512, height: 384 });
    expect(contractSize(1000, 4000, true)).toEqual({ width: 128, height: 512 });
  });
  it('upscales small images to a 256 short side only when asked, within the 512 bound', () => {
    expect(contractSize(100, 80, false)).toEqual({ width: 100, height: 80 });
    expect(contractSize(100, 80, true)).toEqual({ width: 320, height: 256 });
    expect(contractSize(300, 30, true)).toEqual({ width: 512, height: 51 });
  });
});

describe('sampleFrames', () => {
  it('keeps every frame up to the limit, then spreads the limit evenly', () => {
    expect(sampleFrames(3, 8)).toEqual([0, 1, 2]);
    expect(sampleFrames(100, 4)).toEqual([0, 33, 66, 99]);
  });
});

describe('decodeBase64Input', () => {
  it('reads plain, URL-safe and data-URL base64', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0x00, 0x10]);
    expect(decodeBase64Input(bytes.toString('base64'), 100)).toEqual(bytes);
    expect(decodeBase64Input(bytes.toString('base64url'), 100)).toEqual(bytes);
    expect(decodeBase64Input(`data:image/png;base64,${bytes.toString('base64')}`, 100)).toEqual(bytes);
  });
  it('refuses bad alphabet, non-base64 data URLs and oversized input before decoding', () => {
    expect(() => decodeBase64Input('not base64 at all!', 100)).toThrow(expect.objectContaining({ code: 'invalid_base64' }));
    expect(() => decodeBase64Input('data:text/plain,hello', 100)).toThrow(expect.objectContaining({ code: 'invalid_base64' }));
    expect(() => decodeBase64Input(Buffer.alloc(300).toString('base64'), 100)).toThrow(expect.objectContaining({ code: 'media_too_large' }));
  });
});

describe('sniffMediaType', () => {
  it('judges by content, not by what the caller claims', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } }).png().toBuffer();
    expect(await sniffMediaType(png, 'image')).toBe('image/png');
    await expect(sniffMediaType(png, 'audio')).rejects.toMatchObject({ code: 'unsupported_media', status: 415 });
    await expect(sniffMediaType(Buffer.from('<html>hello</html>'), 'image')).rejects.toMatchObject({ code: 'unsupported_media' });
    await expect(sniffMediaType(Buffer.from('%PDF-1.7\n'))).rejects.toMatchObject({ code: 'unsupported_media' });
  });
});

describe('prepareImage', () => {
  it('applies EXIF orientation and the contract size', async () => {
    // 600×300 stored with orientation 6 (rotate 90°): upright it is 300×600.
    const jpeg = await sharp({ create: { width: 600, height: 300, channels: 3, background: 'blue' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const out = await prepareImage(jpeg, limits, { modelSide: 224 });
    expect([out.width, out.height]).toEqual([300, 600]);
    expect([out.frames[0]!.width, out.frames[0]!.height]).toEqual([256, 512]);
    expect(out.frames[0]!.data.length).toBe(256 * 512 * 3);
  });

  it('keeps the upright original beside the contract frame only when asked, scaled down above ORIGINAL_MAX_PIXELS', async () => {
    const jpeg = await sharp({ create: { width: 600, height: 300, channels: 3, background: 'blue' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect((await prepareImage(jpeg, limits, { modelSide: 224 })).frames[0]!.original).toBeUndefined();
    const [frame] = (await prepareImage(jpeg, limits, { modelSide: 224, keepOriginal: true })).frames;
    expect([frame!.width, frame!.height]).toEqual([256, 512]);
    expect([frame!.original!.width, frame!.original!.height]).toEqual([300, 600]);
    expect(frame!.original!.data.length).toBe(300 * 600 * 3);
    const huge = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: 'white' } }).jpeg().toBuffer();
    const [big] = (await prepareImage(huge, { ...limits, maxPixels: 30_000_000 }, { modelSide: 224, keepOriginal: true })).frames;
    const { width, height } = big!.original!;
    expect(width * height).toBeLessThanOrEqual(ORIGINAL_MAX_PIXELS);
    expect(width * height).toBeGreaterThan(ORIGINAL_MAX_PIXELS * 0.99);
    expect(width / height).toBeCloseTo(1.5, 2);
  });

  it('samples animated images by frame', async () => {
    const frames = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: i * 40, g: 0, b: 0 } } }).png().toBuffer()),
    );
    const gif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    const out = await prepareImage(gif, limits, { modelSide: 224 });
    expect(out.pages).toBe(6);
    expect(out.frames.map((f) => f.index)).toEqual([0, 2, 3, 5]);
    // Each sampled frame has its own pixels: red grows with the index.
    const reds = out.frames.map((f) => f.data[0]!);
    expect(reds).toEqual([...reds].sort((a, b) => a - b));
  });

  it('refuses a decompression bomb from its header, and corrupt bytes with their own code', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: 'white' } }).png().toBuffer();
    await expect(prepareImage(big, { ...limits, maxPixels: 1_000_000 }, { modelSide: 224 })).rejects.toMatchObject({ code: 'image_too_large' });
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: 'green' } }).jpeg().toBuffer();
    await expect(prepareImage(jpeg.subarray(0, 200), limits, { modelSide: 224 })).rejects.toMatchObject({ code: 'corrupt_media' });
  });
});

describe('FsBlobStore', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-blobs-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const info = (tenant: string, createdAt = Date.now()) => ({ id: randomUUID(), tenant, size: 3, contentType: 'image/png', sha256: 'x', createdAt });

  it('scopes blobs by tenant, and a tenant named ".." stays inside the store', async () => {
    const store = new FsBlobStore(dir);
    const a = info('acme');
    await store.put(a, Buffer.from('abc'));
    expect((await store.get('acme', a.id))?.bytes.toString()).toBe('abc');
    expect(await store.get('globex', a.id)).toBeNull();
    expect(await store.delete('globex', a.id)).toBe(false);
    const dots = info('..');
    await store.put(dots, Buffer.from('xyz'));
    expect(fs.existsSync(path.join(dir, 't_..', dots.id))).toBe(true);
    expect(await store.delete('acme', a.id)).toBe(true);
    expect(fs.existsSync(path.join(dir, 't_acme', a.id))).toBe(false);
    expect(await store.get('acme', a.id)).toBeNull();
  });

  it('sweeps what is older than the cutoff, bytes and description both', async () => {
    const store = new FsBlobStore(dir);
    const old = info('acme');
    const fresh = info('acme');
    await store.put(old, Buffer.from('old'));
    await store.put(fresh, Buffer.from('new'));
    const past = new Date(Date.now() - 3_600_000);
    for (const f of [old.id, `${old.id}.json`]) fs.utimesSync(path.join(dir, 't_acme', f), past, past);
    expect(await store.sweep(Date.now() - 60_000)).toBe(1);
    expect(fs.readdirSync(path.join(dir, 't_acme')).sort()).toEqual([fresh.id, `${fresh.id}.json`].sort());
  });
});
