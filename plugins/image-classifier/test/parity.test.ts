import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createLogger, FsBlobStore, loadConfig, parseTaskInput, type TaskPlugin } from '@crs/core';
import { standaloneJobContext } from '@crs/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageClassifierPlugin, NSFW_DESCRIPTOR } from '../src/index.js';
import { parityPhotos } from '../testdata/parityPhotos.mjs';
import { loadReference } from '../testdata/tfjsReference.mjs';

/**
 * The service's NSFW scores against nsfwjs' own on real photos: the photo in
 * testdata/photos and the face photos in plugins/face/testdata/faces (sources in
 * their SOURCES.tsv), each also mirrored, cropped, turned and recoloured.
 * The reference (testdata/tfjsReference.mjs) runs the model as nsfwjs does and gets the whole decoded photo, as nsfwjs' users give it; the service goes
 * its own way (contract-sized frame, then the model's input).
 */
/** The model's output order, as nsfwjs names its classes. */
const CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-nsfw-parity-'));
const config = loadConfig({ DATA_DIR: dataDir, IMAGE_MAX_PIXELS: '40000000' });
const logger = createLogger('test', 'silent');
const blobs = new FsBlobStore(config.blobs.dir);
let plugin: TaskPlugin;
let reference: Awaited<ReturnType<typeof loadReference>>;

const jobContext = () => standaloneJobContext({ tenant: 'parity', logger, modelsDir: config.modelsDir, blobs });

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
    const set = await parityPhotos();
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
