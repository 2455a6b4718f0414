import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createLogger, FsBlobStore, loadConfig, parseTaskInput, type JobContext, type TaskPlugin } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageClassifierPlugin, NSFW_DESCRIPTOR } from '../src/index.js';
import { loadReference } from '../testdata/tfjsReference.mjs';

/**
 * The service's NSFW scores against nsfwjs' own on real photos: the photo in
 * testdata/photos and the face photos in plugins/face/testdata/faces (sources in
 * their SOURCES.tsv), each also mirrored, cropped, turned and recoloured.
 * The reference (testdata/tfjsReference.mjs) runs the model as nsfwjs does and gets the whole decoded photo, as nsfwjs' users give it; the service goes
 * its own way (contract-sized frame, then the model's input).
 */
const FACES = path.resolve(import.meta.dirname, '../../face/testdata/faces');
/** The model's output order, as nsfwjs names its classes. */
const CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-nsfw-parity-'));
const config = loadConfig({ DATA_DIR: dataDir, IMAGE_MAX_PIXELS: '40000000' });
const logger = createLogger('test', 'silent');
const blobs = new FsBlobStore(config.blobs.dir);
let plugin: TaskPlugin;
let reference: Awaited<ReturnType<typeof loadReference>>;

async function photos(): Promise<{ name: string; bytes: Buffer }[]> {
  const originals: { name: string; bytes: Buffer }[] = [{ name: 'testdata/group.jpg', bytes: fs.readFileSync(new URL('../testdata/photos/group.jpg', import.meta.url)) }];
  for (const f of fs.readdirSync(FACES).filter((n) => n.endsWith('.jpg') && n !== 'group-or-portrait-2.jpg').sort()) originals.push({ name: f, bytes: fs.readFileSync(path.join(FACES, f)) });
  const out: { name: string; bytes: Buffer }[] = [...originals];
  for (const { name, bytes } of originals) {
    const upright = sharp(bytes).rotate();
    const meta = await sharp(await upright.clone().toBuffer()).metadata();
    const w = meta.width!;
    const h = meta.height!;
    out.push({ name: `${name} mirrored`, bytes: await upright.clone().flop().jpeg({ quality: 90 }).toBuffer() });
    out.push({ name: `${name} centre crop`, bytes: await upright.clone().extract({ left: Math.round(w * 0.15), top: Math.round(h * 0.1), width: Math.round(w * 0.6), height: Math.round(h * 0.7) }).png().toBuffer() });
    out.push({ name: `${name} turned, warmer, 300 px`, bytes: await upright.clone().rotate(90).resize(300).modulate({ saturation: 1.4, hue: 15 }).webp().toBuffer() });
  }
  return out;
}

function jobContext(): JobContext {
  return {
    jobId: randomUUID(),
    tenant: 'parity',
    logger,
    signal: new AbortController().signal,
    progress: async () => undefined,
    modelsDir: config.modelsDir,
    blobs,
    local: { has: () => false, run: () => Promise.reject(new Error('not used')) },
    storeMedia: () => Promise.reject(new Error('not used')),
    fanOut: () => Promise.reject(new Error('not used')),
    resumed: null,
  };
}

beforeAll(async () => {
  plugin = createImageClassifierPlugin();
  await plugin.init({ logger, modelsDir: config.modelsDir, config, redis: null as never, blobs });
  reference = await loadReference();
}, 120_000);
afterAll(async () => {
  await plugin.close();
  reference.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('NSFW scores agree with nsfwjs', () => {
  it('within 0.025 on every class of every photo', async () => {
    const set = await photos();
    expect(set.length).toBeGreaterThanOrEqual(20);
    let worst = 0;
    const rows: string[] = [];
    for (const { name, bytes } of set) {
      const id = randomUUID();
      await blobs.put({ id, tenant: 'parity', size: bytes.length, contentType: 'image/*', sha256: '', createdAt: Date.now() }, bytes);
      const out = (await plugin.process('image.moderate', parseTaskInput('image.moderate', { image: { fileId: id }, codes: false }), jobContext())) as { scores: Record<string, number> };
      const { data, info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const probabilities = await reference.classify(data, info.height, info.width);
      const diff = Math.max(...NSFW_DESCRIPTOR.labels.map((l) => Math.abs(out.scores[l]! - probabilities[CLASSES.indexOf(l)]!)));
      worst = Math.max(worst, diff);
      rows.push(`${name}: ${diff.toFixed(4)}`);
    }
    console.warn(`NSFW parity over ${set.length} photos, worst class difference ${worst.toFixed(4)}\n  ${rows.join('\n  ')}`);
    // The issue asks for 0.05; sharp's lanczos resize before the model was 0.035 off on live-T1.jpg, this is the bound that tells them apart.
    expect(worst).toBeLessThanOrEqual(0.025);
  }, 300_000);
});
