import sharp from 'sharp';
import { createInpaintingPlugin } from '@crs/plugin-inpainting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startStack, type Stack } from './helpers/stack.js';

describe('image.inpaint end to end (classical engine, offline)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ plugins: [createInpaintingPlugin()] });
  }, 60_000);
  afterAll(() => stack?.close());

  it('fills an uploaded mask and returns the restored image behind the caller key', async () => {
    // A flat scene with a black scratch across it: restored, the scratch should be scene colour again.
    const width = 240, height = 160;
    const scene = sharp({ create: { width, height, channels: 3, background: '#4080c0' } });
    const scratch = await sharp({ create: { width: 120, height: 4, channels: 3, background: '#000' } }).png().toBuffer();
    const damaged = await scene.composite([{ input: scratch, left: 60, top: 78 }]).png().toBuffer();
    const mask = await sharp({ create: { width, height, channels: 3, background: '#000' } })
      .composite([{ input: await sharp({ create: { width: 120, height: 4, channels: 3, background: '#fff' } }).png().toBuffer(), left: 60, top: 78 }])
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(mask)], { type: 'image/png' }), 'mask.png');
    const uploaded = await stack.call('POST', '/v1/files', { body: form });
    expect(uploaded.status).toBe(201);

    const res = await stack.call('POST', '/v1/jobs', {
      body: { task: 'image.inpaint', input: { image: { base64: damaged.toString('base64') }, mask: { fileId: uploaded.body.id }, engine: 'navier-stokes' } },
      headers: { prefer: 'wait=30' },
    });
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result).toMatchObject({ width, height, engine: 'navier-stokes', format: 'png', url: `/v1/files/${res.body.result.fileId}` });
    const file = await fetch(stack.baseUrl + res.body.result.url, { headers: { authorization: `Bearer ${KEYS.acme}` } });
    expect(file.headers.get('content-type')).toBe('image/png');
    const { data } = await sharp(Buffer.from(await file.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];
    for (const v of [at(120, 79), at(70, 80)]) {
      expect(Math.abs(v[0]! - 0x40)).toBeLessThan(6);
      expect(Math.abs(v[2]! - 0xc0)).toBeLessThan(6);
    }
    const other = await fetch(stack.baseUrl + res.body.result.url, { headers: { authorization: `Bearer ${KEYS.globex}` } });
    expect(other.status).toBe(404);
  }, 60_000);

  it('answers a missing model with model_not_installed naming the fetch command, and a missing mask with 400', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).png().toBuffer();
    const image = { base64: png.toString('base64') };
    const lama = await stack.call('POST', '/v1/jobs', {
      body: { task: 'image.inpaint', input: { image, regions: [{ type: 'rect', x: 10, y: 10, width: 8, height: 8 }], engine: 'lama' } },
      headers: { prefer: 'wait=30' },
    });
    expect(lama.body).toMatchObject({ status: 'failed', error: { code: 'model_not_installed' } });
    expect(lama.body.error.message).toContain('npm run models -- fetch lama');
    const none = await stack.call('POST', '/v1/jobs', { body: { task: 'image.inpaint', input: { image } } });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain('give a mask image or at least one region');
  }, 60_000);
});
