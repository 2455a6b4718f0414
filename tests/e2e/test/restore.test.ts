import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createRestorationPlugin } from '@crs/plugin-restoration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, KEYS, startStack, type Stack } from './helpers/stack.js';

const PHOTO = path.resolve(import.meta.dirname, '../../../plugins/face/testdata/faces/group-or-portrait-4.jpg');

describe('image.restore end to end (shipped models, offline)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ plugins: [createRestorationPlugin()] });
  }, 60_000);
  // Closing waits for a canceled restore thread to finish its tile, which on a loaded machine takes seconds (the threads run at a lower priority).
  afterAll(() => stack?.close(), 60_000);

  it('restores an uploaded photo 2× and serves the result behind the caller key', async () => {
    const crop = await sharp(fs.readFileSync(PHOTO)).extract({ left: 150, top: 100, width: 120, height: 90 }).png().toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(crop)], { type: 'image/png' }), 'crop.png');
    const uploaded = await stack.call('POST', '/v1/files', { body: form });
    expect(uploaded.status).toBe(201);

    const res = await stack.call('POST', '/v1/jobs', {
      body: { task: 'image.restore', input: { image: { fileId: uploaded.body.id }, scale: 2, format: 'jpeg' } },
      headers: { prefer: 'wait=60' },
    });
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result).toMatchObject({ width: 240, height: 180, model: 'waifu2x-photo-noise0-x2', format: 'jpeg', url: `/v1/files/${res.body.result.fileId}` });
    const file = await fetch(stack.baseUrl + res.body.result.url, { headers: { authorization: `Bearer ${KEYS.acme}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await file.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([240, 180]);
    const other = await fetch(stack.baseUrl + res.body.result.url, { headers: { authorization: `Bearer ${KEYS.globex}` } });
    expect(other.status).toBe(404);
  }, 90_000);

  it('cancels a restore between tiles', async () => {
    // 4× on 480×360: Real-ESRGAN in 3×3 tiles of a few seconds each.
    const photo = await sharp(fs.readFileSync(PHOTO)).resize(480, 360, { fit: 'fill' }).png().toBuffer();
    const job = await stack.call('POST', '/v1/jobs', { body: { task: 'image.restore', input: { image: { base64: photo.toString('base64') }, scale: 4 } } });
    expect(job.status).toBe(202);
    // Progress passes 5 once the first tile is blended.
    await eventually(async () => {
      const view = (await stack.call('GET', `/v1/jobs/${job.body.id}`)).body;
      return view.status === 'running' && view.progress > 5 ? view : undefined;
    }, 60_000, 'the first tile');
    expect((await stack.call('POST', `/v1/jobs/${job.body.id}/cancel`)).status).toBe(202);
    const final = await eventually(async () => {
      const view = (await stack.call('GET', `/v1/jobs/${job.body.id}`)).body;
      return view.status === 'canceled' ? view : undefined;
    }, 30_000, 'the cancel');
    expect(final.error.code).toBe('canceled');
    expect(final.progress).toBeLessThan(90);
  }, 120_000);

  it('answers bad input with 4xx and a stable code', async () => {
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#888' } }).png().toBuffer();
    const scale = await stack.call('POST', '/v1/jobs', { body: { task: 'image.restore', input: { image: { base64: png.toString('base64') }, scale: 3 } } });
    expect(scale.status).toBe(400);
    expect(scale.body.error).toMatchObject({ code: 'invalid_request' });
    expect(scale.body.error.message).toContain('scale is 1, 2 or 4');
    const text = await stack.call('POST', '/v1/jobs', { body: { task: 'image.restore', input: { image: { base64: Buffer.from('plain text, not a picture').toString('base64') } } } });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media');
    const unknown = await stack.call('POST', '/v1/jobs', {
      body: { task: 'image.restore', input: { image: { base64: png.toString('base64') }, model: 'gfpgan' } },
      headers: { prefer: 'wait=30' },
    });
    expect(unknown.body).toMatchObject({ status: 'failed', error: { code: 'model_not_installed' } });
  }, 60_000);
});
