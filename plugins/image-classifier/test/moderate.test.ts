import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createLogger, createRedis, FsBlobStore, loadConfig, parseTaskInput, type JobContext, type TaskPlugin } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageClassifierPlugin, NSFW_MODEL_FILE } from '../src/index.js';
import { testImages } from '../testdata/images.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-imgmod-'));
const config = loadConfig({ REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: 'crs-imgmod-test', DATA_DIR: dataDir, IMAGE_MAX_PIXELS: '4000000' });
const { modelsDir } = config;
/** Where an operator's additions go: DATA_DIR/models, searched after the models the project ships. */
const installedDir = config.installedModelsDir;
const logger = createLogger('test', 'silent');
const blobs = new FsBlobStore(config.blobs.dir);
const redis = createRedis(config.redis);
let plugin: TaskPlugin;

const TENANT = 'acme';
async function store(bytes: Buffer, type = 'image/png'): Promise<string> {
  const id = randomUUID();
  await blobs.put({ id, tenant: TENANT, size: bytes.length, contentType: type, sha256: '', createdAt: Date.now() }, bytes);
  return id;
}

function jobContext(localTasks: Record<string, (input: unknown) => unknown> = {}): JobContext {
  return {
    jobId: randomUUID(),
    tenant: TENANT,
    logger,
    signal: new AbortController().signal,
    progress: async () => undefined,
    modelsDir,
    blobs,
    local: { has: (t) => t in localTasks, run: async (t, input) => localTasks[t]!(input) },
    storeMedia: () => Promise.reject(new Error('image moderation stores no media')),
    fanOut: () => Promise.reject(new Error('image moderation does not fan out')),
    resumed: null,
  };
}

async function moderate(input: unknown, ctx = jobContext()) {
  return plugin.process('image.moderate', parseTaskInput('image.moderate', input), ctx) as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  // An operator's extra classifier, added by description only: the same network read as a "custom" category.
  fs.mkdirSync(path.join(installedDir, 'classifiers'), { recursive: true });
  fs.writeFileSync(
    path.join(installedDir, 'classifiers', 'drawings.json'),
    JSON.stringify({
      name: 'drawings',
      model: NSFW_MODEL_FILE,
      labels: ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'],
      input: { name: 'input', width: 224, height: 224, layout: 'nhwc' },
      categories: { custom: { Drawing: 1 } },
      enabledByDefault: false,
    }),
  );
  plugin = createImageClassifierPlugin();
  await plugin.init({ logger, modelsDir, config, redis, blobs });
}, 60_000);
afterAll(async () => {
  await plugin.close();
  await redis.quit();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('image.moderate', () => {
  it('returns the moderation shape with raw class scores that sum to 1', async () => {
    const [flat] = await testImages();
    const out = await moderate({ image: { fileId: await store(flat!.bytes) } });
    expect(Object.keys(out.scores).sort()).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    const total = Object.values(out.scores as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 4);
    expect(out.labels.map((l: { category: string }) => l.category)).toEqual(['porn']);
    expect(out.verdict).toBe('pass');
    expect(out.image).toEqual({ width: 320, height: 240, format: 'png', frames: 1 });
    expect(out.frames).toBeUndefined();
  });

  it('applies thresholds from the request', async () => {
    const [, gradient] = await testImages();
    const id = await store(gradient!.bytes, 'image/jpeg');
    const base = await moderate({ image: { fileId: id } });
    const score = base.labels[0].score as number;
    const strict = await moderate({ image: { fileId: id }, thresholds: { porn: { review: score / 2, block: Math.max(0, score - 1e-3) } } });
    expect(strict.verdict).toBe('block');
  });

  it('runs a classifier added by configuration when asked, and names unknown ones', async () => {
    const [flat] = await testImages();
    const id = await store(flat!.bytes);
    const out = await moderate({ image: { fileId: id }, classifiers: ['nsfw', 'drawings'] });
    expect(Object.keys(out.classifiers).sort()).toEqual(['drawings', 'nsfw']);
    const custom = out.labels.find((l: { category: string }) => l.category === 'custom');
    expect(custom.score).toBeCloseTo(out.classifiers.drawings.Drawing, 3);
    await expect(moderate({ image: { fileId: id }, classifiers: ['violence'] })).rejects.toMatchObject({ code: 'model_not_installed' });
  });

  it('examines sampled frames of an animation and reports each', async () => {
    const images = await testImages();
    const frames = await Promise.all(images.slice(0, 3).map((i) => sharp(i.bytes).resize(200, 150, { fit: 'fill' }).png().toBuffer()));
    const gif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    const out = await moderate({ image: { fileId: await store(gif, 'image/gif') } });
    expect(out.image.frames).toBe(3);
    expect(out.frames.map((f: { index: number }) => f.index)).toEqual([0, 1, 2]);
    const worstFrame = Math.max(...out.frames.map((f: { labels: { score: number }[] }) => f.labels[0]!.score));
    expect(out.labels[0].score).toBeCloseTo(worstFrame, 6);
  });

  it('batches concurrent images through one session with the same answers as one by one', async () => {
    const images = await testImages();
    const ids = await Promise.all(images.map((i) => store(i.bytes)));
    const alone: unknown[] = [];
    for (const id of ids) alone.push((await moderate({ image: { fileId: id } })).scores);
    const together = await Promise.all(ids.map(async (id) => (await moderate({ image: { fileId: id } })).scores));
    together.forEach((scores, i) => {
      for (const [k, v] of Object.entries(scores as Record<string, number>)) expect(v).toBeCloseTo((alone[i] as Record<string, number>)[k]!, 4);
    });
  });

  it('refuses corrupt images, bombs and missing files with their codes', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: 'green' } }).jpeg().toBuffer();
    await expect(moderate({ image: { fileId: await store(jpeg.subarray(0, 300), 'image/jpeg') } })).rejects.toMatchObject({ code: 'corrupt_media' });
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: 'white' } }).png().toBuffer();
    await expect(moderate({ image: { fileId: await store(big) } })).rejects.toMatchObject({ code: 'image_too_large' });
    await expect(moderate({ image: { fileId: randomUUID() } })).rejects.toMatchObject({ code: 'file_not_found' });
  });

  it('says when OCR is not available, and merges text labels when it is', async () => {
    const [flat] = await testImages();
    const id = await store(flat!.bytes);
    const without = await moderate({ image: { fileId: id }, ocr: true });
    expect(without.ocr).toMatchObject({ status: 'unavailable' });
    const withOcr = await moderate(
      { image: { fileId: id }, ocr: true },
      jobContext({
        // The OCR task moderates what it read when asked to (its `moderate` option).
        'image.ocr': (ocrInput) => ({
          engine: 'test',
          text: '加微信 abc123 买枪',
          lines: [],
          ...((ocrInput as { moderate?: boolean }).moderate
            ? {
                moderation: {
                  verdict: 'block',
                  labels: [{ category: 'sensitive', score: 0.95, verdict: 'block' }],
                  hits: [{ category: 'sensitive', word: '买枪', lexicon: 'sensitive', start: 11, end: 13, matched: '买枪', evasion: [], line: 0, box: [[0, 0], [9, 0], [9, 9], [0, 9]] }],
                },
              }
            : {}),
        }),
        'text.moderate': () => Promise.reject(new Error('image moderation reaches text moderation through OCR')),
      }),
    );
    expect(withOcr.ocr).toEqual({ status: 'done', text: '加微信 abc123 买枪' });
    expect(withOcr.verdict).toBe('block');
    expect(withOcr.labels.map((l: { category: string }) => l.category)).toContain('sensitive');
    expect(withOcr.hits).toHaveLength(1);
  });
});
