import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import QRCode from 'qrcode';
import { createAudioPlugin } from '@crs/plugin-audio';
import { hasTestRecogniser, speechFile } from '@crs/plugin-audio/testing';
import { createFacePlugin } from '@crs/plugin-face';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { createVideoPlugin } from '@crs/plugin-video';
import { requires } from '@crs/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, hasChromium, screenshot, signIn, type Browser } from './helpers/browser.js';
import { ADMIN_TOKEN, eventually, KEYS, startStack, type Stack } from './helpers/stack.js';
import { makeVideo } from './helpers/videos.js';

const OPERATOR_TOKEN = 'operator-token-for-console-tests';
const FACES = path.resolve(import.meta.dirname, '../../../plugins/face/testdata/faces');
const chromium = requires(hasChromium, 'Chromium (/usr/bin/chromium or CHROMIUM_PATH)');
const sphinx = requires(hasTestRecogniser(), 'pocketsphinx with its English model and flite (apt-get install pocketsphinx pocketsphinx-en-us flite)');

describe.skipIf(chromium.skip)(chromium.title('the web console in headless Chromium'), () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({
      plugins: [createTextModerationPlugin(), createFacePlugin(), createImageClassifierPlugin(), createVideoPlugin(), createAudioPlugin()],
      env: { OPERATOR_TOKEN, ...(sphinx.skip ? {} : { ASR_ENGINE: 'pocketsphinx' }) },
    });
    browser = await openBrowser(stack.baseUrl);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('is served by the API from its own files, with a strict content policy and under 300 KB of JavaScript', async () => {
    const res = await fetch(`${stack.baseUrl}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = [...html.matchAll(/src="(\/console\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const src of scripts) {
      const js = await fetch(stack.baseUrl + src);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      gzipped += gzipSync(Buffer.from(await js.arrayBuffer())).length;
    }
    expect(gzipped).toBeLessThan(300 * 1024);
    expect((await fetch(`${stack.baseUrl}/console`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
    expect((await fetch(`${stack.baseUrl}/console/assets/nothing.js`)).status).toBe(404);
  });

  it('refuses a wrong key, then signs a tenant in and keeps the key out of the URL', async () => {
    const { page } = browser;
    await signIn(page, stack.baseUrl, 'tenant', 'not-a-key');
    await expect(page.getByTestId('signin-error').textContent()).resolves.toMatch(/unauthorized|invalid|key/i);
    await signIn(page, stack.baseUrl, 'tenant', KEYS.acme);
    await page.getByRole('heading', { name: 'Playground' }).waitFor();
    expect(page.url()).not.toContain(KEYS.acme);
    expect(await browser.context.cookies()).toEqual([]);
  }, 60_000);

  it('moderates a text and shows its hit highlighted, with the word, its lexicon and the evasion undone on focus', async () => {
    const { page } = browser;
    await page.getByLabel('Text', { exact: true }).fill('free p0rn videos here');
    await page.getByRole('button', { name: 'Moderate' }).click();
    const mark = page.locator('mark.hit').first();
    await mark.waitFor();
    expect(await mark.textContent()).toBe('p0rn');
    await mark.focus();
    await expect(page.getByTestId('hit-word').textContent()).resolves.toBe('porn');
    expect(await page.getByTestId('hit-evasion').textContent()).toMatch(/homoglyph|numeral/);
    expect(await page.getByTestId('hit-source').textContent()).toMatch(/porn/);
    expect(await page.getByTestId('verdict').first().textContent()).toMatch(/review|block/);
    await screenshot(page, 'playground-text');
  }, 60_000);

  it('moderates an image and draws a box on each face', async () => {
    const { page } = browser;
    await page.getByLabel(/or drop an image/).setInputFiles(path.join(FACES, 'group-or-portrait-1.jpg'));
    await page.getByLabel('Task').selectOption('face.detect');
    await page.getByRole('button', { name: 'Moderate' }).click();
    await page.getByTestId('face-box').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('face-box').count()).toBe(8);
    const box = await page.getByTestId('face-box').first().boundingBox();
    expect(box!.width).toBeGreaterThan(10);
    await screenshot(page, 'playground-image');
  }, 90_000);

  it('moderates a video and shows its sampled frames on a timeline, the flagged ones marked with their thumbnails', async () => {
    const { page } = browser;
    // 12 s of ffmpeg's test pattern with a QR code (an ad finding, so review) over its second half.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-console-video-'));
    const qr = path.join(dir, 'qr.png');
    await QRCode.toFile(qr, 'https://example.com/buy-now', { width: 200, margin: 2 });
    const clip = makeVideo('qr.mp4', [
      '-f', 'lavfi', '-i', 'testsrc=size=480x360:rate=5', '-i', qr,
      '-filter_complex', "[0][1]overlay=140:80:enable='gte(t,6)'", '-t', '12', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10',
    ]);
    const file = path.join(dir, 'qr.mp4');
    fs.writeFileSync(file, clip);
    try {
      await page.getByLabel(/or drop an image/).setInputFiles(file);
      expect(await page.getByLabel('Task').inputValue()).toBe('video.moderate');
      await page.getByRole('button', { name: 'Moderate' }).click();
      const ticks = page.getByTestId('timeline-frame');
      await ticks.first().waitFor({ timeout: 90_000 });
      // Up to a minute: 10 frames, each on the timeline.
      expect(await ticks.count()).toBe(10);
      const labels = await ticks.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      const flagged = labels.filter((l) => !l.endsWith('pass'));
      expect(flagged.length).toBeGreaterThanOrEqual(4);
      expect(labels.slice(0, 4).every((l) => l.endsWith('pass'))).toBe(true);
      // Thumbnails of the flagged frames, fetched with the key and shown from blob: URLs.
      const thumbs = page.getByTestId('frame-thumb');
      await thumbs.first().waitFor();
      const decoded = () => thumbs.evaluateAll((els) => els.every((e) => (e as unknown as { naturalWidth: number }).naturalWidth > 0));
      await eventually(async () => ((await decoded()) ? true : undefined), 20_000, 'the thumbnails decoded');
      expect(await thumbs.count()).toBe(flagged.length);
      expect(await thumbs.first().getAttribute('src')).toMatch(/^blob:/);
      await screenshot(page, 'playground-video');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it.skipIf(sphinx.skip)(sphinx.title('moderates audio and shows its speech segments with their words, hits highlighted'), async () => {
    const { page } = browser;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-console-audio-'));
    try {
      const { file } = speechFile(dir, 'speech', ['you are a stupid idiot and i will kill you', 'the weather is nice today'], 2);
      await page.getByLabel(/or drop an image/).setInputFiles(file);
      expect(await page.getByLabel('Task').inputValue()).toBe('audio.moderate');
      await page.getByRole('button', { name: 'Moderate' }).click();
      const segments = page.getByTestId('audio-segment');
      await segments.first().waitFor({ timeout: 90_000 });
      expect(await segments.count()).toBe(2);
      expect(await segments.first().textContent()).toMatch(/idiot/);
      expect(await segments.first().locator('mark.hit').count()).toBeGreaterThan(0);
      expect(await segments.nth(1).textContent()).toMatch(/weather/);
      expect(await segments.nth(1).locator('mark.hit').count()).toBe(0);
      await screenshot(page, 'playground-audio');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('shows the operator dashboard with charts of the jobs just run, and the queues', async () => {
    const { page } = browser;
    // A job that fails on its input, for the failures-by-code chart: a photo cut off after its first kilobytes.
    const cut = fs.readFileSync(path.join(FACES, 'group-or-portrait-1.jpg')).subarray(0, 3_000);
    const failed = await stack.call('POST', '/v1/jobs', { body: { task: 'face.detect', input: { image: { base64: cut.toString('base64') } } }, headers: { prefer: 'wait=30' } });
    expect(failed.body.error.code).toBe('corrupt_media');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, stack.baseUrl, 'operator', OPERATOR_TOKEN);
    await page.getByRole('heading', { name: /Operations/ }).waitFor();
    // The worker writes its window counts once a second: reload until they are there.
    await eventually(
      async () => {
        await page.reload();
        const total = page.getByTestId('jobs-total');
        await total.waitFor();
        return Number(await total.textContent()) >= (sphinx.skip ? 4 : 5) ? true : undefined;
      },
      20_000,
      'the finished jobs on the dashboard',
    );
    for (const id of ['throughput', 'latency', 'failures', 'availability']) {
      const canvas = page.getByTestId(`chart-${id}`).locator('canvas');
      expect(await canvas.count()).toBe(1);
      expect((await canvas.boundingBox())!.width).toBeGreaterThan(200);
    }
    expect(await page.getByTestId('chart-failures').textContent()).toContain('corrupt_media');
    expect(await page.getByTestId('queues').textContent()).toContain('text.moderate');
    expect(await page.getByRole('link', { name: /Bull Board \(read-only\)/ }).getAttribute('href')).toBe('/ops/queues');
    await screenshot(page, 'dashboard');
    expect(browser.offsite).toEqual([]);
    expect(browser.errors.filter((e) => !/401|Failed to load resource/.test(e))).toEqual([]);
  }, 60_000);

  it('gives the dashboard its figures in one operator-only JSON answer', async () => {
    const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`;
    expect((await fetch(`${stack.baseUrl}/ops/dashboard`)).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/ops/dashboard`, { headers: { authorization: `Bearer ${KEYS.acme}` } })).status).toBe(401);
    const res = await fetch(`${stack.baseUrl}/ops/dashboard`, { headers: { authorization: basic(ADMIN_TOKEN) } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { windows: { jobsFinished: number; latencyMs: { p50: number } | null }[] };
    // The last 24 hours in 5-minute windows, both partial ends included.
    expect(body.windows.length).toBeGreaterThanOrEqual(288);
    expect(body.windows.length).toBeLessThanOrEqual(289);
    const busy = body.windows.filter((w) => w.jobsFinished > 0);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.at(-1)!.latencyMs!.p50).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain('acme');
    const bad = await fetch(`${stack.baseUrl}/ops/dashboard?hour=2`, { headers: { authorization: basic(ADMIN_TOKEN) } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/hours/);
  });
});
