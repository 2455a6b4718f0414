import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bwipjs from 'bwip-js';
import QRCode from 'qrcode';
import sharp from 'sharp';
import {
  createLogger,
  createRedis,
  FsBlobStore,
  loadConfig,
  parseTaskInput,
  redisKeys,
  TextPolicyStore,
  type JobContext,
  type TaskName,
  type TaskPlugin,
} from '@crs/core';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_PRESENCE_SCORE, createImageClassifierPlugin } from '../src/index.js';

// A real photo (1024×768, see testdata/photos/SOURCES.tsv) with real QR codes and barcodes pasted on it.
const PHOTO = fs.readFileSync(new URL('../testdata/photos/group.jpg', import.meta.url));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-imgcodes-'));
const prefix = `crs-imgcodes-test-${randomUUID()}`;
const config = loadConfig({ REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dataDir });
const logger = createLogger('test', 'silent');
const blobs = new FsBlobStore(config.blobs.dir);
const redis = createRedis(config.redis);
let plugin: TaskPlugin;
let text: TaskPlugin;

type Result = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function jobContext(tenant: string, withText = true): JobContext {
  const ctx: JobContext = {
    jobId: randomUUID(),
    tenant,
    logger,
    signal: new AbortController().signal,
    progress: async () => undefined,
    modelsDir: config.modelsDir,
    blobs,
    local: {
      has: (t) => withText && t === 'text.moderate',
      run: async (t, input) => text.process(t as TaskName, parseTaskInput(t as TaskName, input), ctx),
    },
    storeMedia: () => Promise.reject(new Error('image moderation stores no media')),
    fanOut: () => Promise.reject(new Error('image moderation does not fan out')),
    resumed: null,
  };
  return ctx;
}

async function moderate(image: Buffer, options: Record<string, unknown> = {}, tenant = 'acme', withText = true): Promise<Result> {
  const id = randomUUID();
  await blobs.put({ id, tenant, size: image.length, contentType: 'image/*', sha256: '', createdAt: Date.now() }, image);
  return plugin.process('image.moderate', parseTaskInput('image.moderate', { image: { fileId: id }, ...options }), jobContext(tenant, withText)) as Promise<Result>;
}

async function qr(payload: string, side: number, angle = 0): Promise<Buffer> {
  const code = await QRCode.toBuffer(payload, { margin: 2, width: side });
  return angle ? sharp(code).rotate(angle, { background: '#ffffff' }).png().toBuffer() : code;
}

async function pasted(code: Buffer, left: number, top: number): Promise<Buffer> {
  return sharp(PHOTO).composite([{ input: code, left, top }]).jpeg({ quality: 88 }).toBuffer();
}

/** The centre of a box, to compare with where the code was pasted. */
function centre(box: [number, number][]): [number, number] {
  return [box.reduce((s, p) => s + p[0], 0) / 4, box.reduce((s, p) => s + p[1], 0) / 4];
}

beforeAll(async () => {
  plugin = createImageClassifierPlugin();
  text = createTextModerationPlugin();
  await Promise.all([plugin.init({ logger, modelsDir: config.modelsDir, config, redis, blobs }), text.init({ logger, modelsDir: config.modelsDir, config, redis, blobs })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([plugin.close(), text.close()]);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('image.moderate finds QR codes and barcodes', () => {
  it('decodes a WeChat QR code, places it in the caller’s pixels, and flags it as an ad with its payload moderated', async () => {
    const payload = 'https://u.wechat.com/kFp3kLx9';
    const out = await moderate(await pasted(await qr(payload, 200), 600, 300));
    expect(out.codes).toHaveLength(1);
    expect(out.codes[0]).toMatchObject({ format: 'QRCode', text: payload });
    const [cx, cy] = centre(out.codes[0].box);
    expect(Math.abs(cx - 700)).toBeLessThan(12);
    expect(Math.abs(cy - 400)).toBeLessThan(12);
    // Presence: an ad finding at review by default.
    const ad = out.labels.find((l: { category: string }) => l.category === 'ad');
    expect(ad).toMatchObject({ verdict: 'review' });
    expect(out.verdict).toBe('review');
    const codeHits = out.hits.filter((h: { source?: string }) => h.source === 'code');
    expect(codeHits.find((h: { lexicon: string }) => h.lexicon === 'code')).toMatchObject({ category: 'ad', word: 'QRCode', code: 0, matched: payload });
    // The payload went through text moderation: the link is a contact hit, with the code's box.
    const link = codeHits.find((h: { lexicon: string }) => h.lexicon === 'contact');
    expect(link).toMatchObject({ category: 'ad', word: 'url', code: 0, box: out.codes[0].box });
  });

  it('reads a small code (80 px in a 1024 px photo) by looking again at the original where one is suspected', async () => {
    const out = await moderate(await pasted(await qr('https://t.cn/A6abcdEf', 80), 640, 320));
    expect(out.codes.map((c: { text: string }) => c.text)).toEqual(['https://t.cn/A6abcdEf']);
    const [cx, cy] = centre(out.codes[0].box);
    expect(Math.abs(cx - 680)).toBeLessThan(10);
    expect(Math.abs(cy - 360)).toBeLessThan(10);
  });

  it('reads a code turned by 30°', async () => {
    const out = await moderate(await pasted(await qr('加微信 wxid_sale888 领取福利', 150, 30), 560, 280));
    expect(out.codes).toHaveLength(1);
    expect(out.codes[0].text).toBe('加微信 wxid_sale888 领取福利');
    const contact = out.hits.find((h: { source?: string; lexicon: string }) => h.source === 'code' && h.lexicon === 'contact');
    expect(contact).toMatchObject({ category: 'ad', word: 'wechat' });
  });

  it('reads a barcode, and a QQ number in it is an ad hit', async () => {
    const bar = await bwipjs.toBuffer({ bcid: 'code128', text: 'QQ 123456789', scale: 3, height: 12, includetext: false, paddingwidth: 10, paddingheight: 10, backgroundcolor: 'ffffff' });
    const out = await moderate(await pasted(bar, 420, 520));
    expect(out.codes).toHaveLength(1);
    expect(out.codes[0]).toMatchObject({ format: 'Code128', text: 'QQ 123456789' });
    expect(out.hits.find((h: { source?: string; lexicon: string }) => h.source === 'code' && h.lexicon === 'contact')).toMatchObject({ word: 'qq' });
  });

  it('finds nothing in the photo without a code', async () => {
    const out = await moderate(PHOTO);
    expect(out.codes).toEqual([]);
    expect(out.labels.some((l: { category: string }) => l.category === 'ad')).toBe(false);
    expect(out.hits).toEqual([]);
  });

  it('lets the request turn the check off, and thresholds (request, then tenant) change the level', async () => {
    const image = await pasted(await qr('https://example-shop.top/buy', 200), 100, 100);
    const off = await moderate(image, { codes: false });
    expect(off.codes).toBeUndefined();
    expect(off.labels.some((l: { category: string }) => l.category === 'ad')).toBe(false);

    const strict = await moderate(image, { thresholds: { ad: { review: 0.3, block: CODE_PRESENCE_SCORE } } });
    expect(strict.verdict).toBe('block');
    const lenient = await moderate(image, { thresholds: { ad: { review: 0.95, block: 0.99 } } }, 'acme', false);
    expect(lenient.labels.find((l: { category: string }) => l.category === 'ad')).toMatchObject({ verdict: 'pass' });

    await new TextPolicyStore(redis, redisKeys(prefix)).setThresholds('strict-tenant', { ad: { review: 0.2, block: 0.6 } });
    const tenant = await moderate(image, {}, 'strict-tenant', false);
    expect(tenant.labels.find((l: { category: string }) => l.category === 'ad')).toMatchObject({ verdict: 'block' });
  });

  it('looks in every examined frame of an animation and says which frame holds the code', async () => {
    const plain = await sharp(PHOTO).resize(400, 300).png().toBuffer();
    const withCode = await sharp(plain).composite([{ input: await qr('https://wa.me/8613812345678', 120), left: 250, top: 150 }]).png().toBuffer();
    const gif = await sharp([plain, withCode, plain], { join: { animated: true } }).gif().toBuffer();
    const out = await moderate(gif);
    expect(out.codes).toHaveLength(1);
    expect(out.codes[0]).toMatchObject({ format: 'QRCode', text: 'https://wa.me/8613812345678', frame: 1 });
    const flagged = out.frames.filter((f: { labels: { category: string }[] }) => f.labels.some((l) => l.category === 'ad'));
    expect(flagged.map((f: { index: number }) => f.index)).toEqual([1]);
  });
});
