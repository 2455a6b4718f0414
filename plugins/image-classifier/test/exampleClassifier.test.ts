import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createLogger, FsBlobStore, loadConfig, parseTaskInput, type TaskPlugin } from '@crs/core';
import { standaloneJobContext } from '@crs/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageClassifierPlugin } from '../src/index.js';
import { EXAMPLE_DESCRIPTOR, writeExampleClassifier } from '../testdata/exampleClassifier.mjs';

/**
 * The README's worked example, end to end: an operator drops a small ONNX model and its JSON
 * description into DATA_DIR/models, and image.moderate runs it when a request names it, with its
 * categories and thresholds — no code. The model is made by testdata/exampleClassifier.mjs.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-example-classifier-'));
const config = loadConfig({ DATA_DIR: dataDir, CACHE_DIR: path.join(os.tmpdir(), 'crs-e2e-cache'), MODELS_EXTRA_DIRS: '' });
const logger = createLogger('test', 'silent');
const blobs = new FsBlobStore(config.blobs.dir);
let plugin: TaskPlugin;

const ctx = () => standaloneJobContext({ tenant: 'example', logger, modelsDir: config.modelsDir, blobs });
async function moderate(bytes: Buffer, input: object) {
  const id = randomUUID();
  await blobs.put({ id, tenant: 'example', size: bytes.length, contentType: 'image/png', sha256: '', createdAt: Date.now() }, bytes);
  return (await plugin.process('image.moderate', parseTaskInput('image.moderate', { image: { fileId: id }, codes: false, ...input }), ctx())) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const field = (background: string) => sharp({ create: { width: 300, height: 200, channels: 3, background } }).png().toBuffer();

beforeAll(async () => {
  writeExampleClassifier(config.installedModelsDir);
  plugin = createImageClassifierPlugin();
  await plugin.init({ logger, modelsDir: config.modelsDir, config, redis: null as never, blobs });
}, 120_000);
afterAll(async () => {
  await plugin?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('an operator classifier added by description (the README example)', () => {
  it('is opt-in: a request that names none runs the default classifier only', async () => {
    const out = await moderate(await field('#d01010'), {});
    expect(Object.keys(out.classifiers)).toEqual(['nsfw']);
  });

  it("blocks a red field under its category and threshold, and leaves other pictures alone", async () => {
    const red = await moderate(await field('#d01010'), { classifiers: [EXAMPLE_DESCRIPTOR.name] });
    expect(red.classifiers['red-flags'].red_flag).toBeGreaterThan(0.9);
    expect(red.labels).toEqual([{ category: 'politics', score: expect.any(Number), verdict: 'block' }]);
    expect(red.verdict).toBe('block');
    const grey = await moderate(await field('#808080'), { classifiers: ['nsfw', EXAMPLE_DESCRIPTOR.name] });
    expect(grey.labels.find((l: { category: string }) => l.category === 'politics')).toMatchObject({ verdict: 'pass' });
    expect(Object.keys(grey.classifiers).sort()).toEqual(['nsfw', 'red-flags']);
    // The request's thresholds win over the description's.
    const strict = await moderate(await field('#808080'), { classifiers: [EXAMPLE_DESCRIPTOR.name], thresholds: { politics: { review: 0.1, block: 0.95 } } });
    expect(strict.verdict).toBe('review');
  });
});
