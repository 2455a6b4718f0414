import type { LookupAddress } from 'node:dns';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { Resolver } from '@crs/core';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startStack, type Stack } from './helpers/stack.js';

/** A PNG whose header claims 30000×30000 pixels with almost no data: a decompression bomb. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30_000, 0);
  ihdr.writeUInt32BE(30_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('media intake and image.moderate end to end', () => {
  let stack: Stack;
  let media: http.Server;
  let mediaPort = 0;
  const served: string[] = [];
  const asked: string[] = [];
  let photo: Buffer;

  // No real DNS: media.test is the loopback server standing in for a public host; intranet.test is private.
  const resolve: Resolver = async (host) => {
    asked.push(host);
    const table: Record<string, string> = { 'media.test': '127.0.0.1', 'intranet.test': '10.20.30.40' };
    if (!table[host]) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address: table[host]!, family: 4 } as LookupAddress];
  };

  beforeAll(async () => {
    photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#4a7' } })
      .composite([{ input: Buffer.from('<svg width="640" height="480"><circle cx="320" cy="240" r="150" fill="#d33"/></svg>') }])
      .jpeg()
      .toBuffer();
    media = http.createServer((req, res) => {
      served.push(req.url!);
      if (req.url === '/photo.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
      else if (req.url === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html>not an image</html>');
      else res.writeHead(404).end();
    });
    media.listen(0, '127.0.0.1');
    await once(media, 'listening');
    mediaPort = (media.address() as AddressInfo).port;
    stack = await startStack({
      plugins: [createTextModerationPlugin(), createImageClassifierPlugin()],
      resolve,
      isAllowedAddress: (address) => address === '127.0.0.1',
      env: { MEDIA_MAX_IMAGE_BYTES: '200000', MEDIA_MAX_VIDEO_BYTES: '300000', MEDIA_MAX_AUDIO_BYTES: '300000', IMAGE_MAX_PIXELS: '40000000' },
    });
  }, 60_000);
  afterAll(async () => {
    await stack.close();
    await new Promise((r) => media.close(r));
  });

  const upload = (bytes: Buffer, name = 'photo.jpg', type = 'image/jpeg', key: string = KEYS.acme) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), name);
    return stack.call('POST', '/v1/files', { body: form, key });
  };
  const moderate = (image: unknown, key: string = KEYS.acme) =>
    stack.call('POST', '/v1/jobs', { body: { task: 'image.moderate', input: { image } }, headers: { prefer: 'wait=30' }, key });
  const blobDir = (tenant: string) => path.join(stack.config.blobs.dir, `t_${tenant}`);

  it('takes an upload, sniffs its type and moderates it by fileId', async () => {
    const up = await upload(photo, 'holiday.txt', 'text/plain');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ size: photo.length, contentType: 'image/jpeg' });
    expect(up.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const res = await moderate({ fileId: up.body.id });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result).toMatchObject({ verdict: 'pass', image: { width: 640, height: 480, format: 'jpeg', frames: 1 } });
    expect(Object.keys(res.body.result.scores).sort()).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);

    const download = await fetch(`${stack.baseUrl}/v1/files/${up.body.id}`, { headers: { authorization: `Bearer ${KEYS.acme}` } });
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer()).equals(photo)).toBe(true);
  });

  it("keeps a tenant's files from every other tenant", async () => {
    const up = await upload(photo);
    expect((await stack.call('GET', `/v1/files/${up.body.id}`, { key: KEYS.globex })).status).toBe(404);
    expect((await stack.call('DELETE', `/v1/files/${up.body.id}`, { key: KEYS.globex })).status).toBe(404);
    const res = await stack.call('POST', '/v1/jobs', { body: { task: 'image.moderate', input: { image: { fileId: up.body.id } } }, key: KEYS.globex });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('file_not_found');
    expect((await stack.call('DELETE', `/v1/files/${up.body.id}`)).status).toBe(204);
    expect((await stack.call('GET', `/v1/files/${up.body.id}`)).status).toBe(404);
  });

  it('moderates base64 and data URL input', async () => {
    for (const image of [{ base64: photo.toString('base64') }, { base64: `data:image/jpeg;base64,${photo.toString('base64')}` }]) {
      const res = await moderate(image);
      expect(res.body.status).toBe('succeeded');
      expect(res.body.result.image.width).toBe(640);
    }
  });

  it('fetches URL input from an allowed host, resolving it once', async () => {
    asked.length = 0;
    const res = await moderate({ url: `http://media.test:${mediaPort}/photo.jpg` });
    expect(res.body.status).toBe('succeeded');
    expect(asked).toEqual(['media.test']);
  });

  it('refuses private, metadata and redirected-inside URLs before contacting them', async () => {
    served.length = 0;
    for (const url of ['http://intranet.test/x.jpg', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:6379/', 'ftp://media.test/x.jpg']) {
      const res = await moderate({ url });
      expect(res.status, url).toBe(422);
      expect(res.body.error.code, url).toBe('url_not_allowed');
    }
    const redirected = await moderate({ url: `http://media.test:${mediaPort}/to-metadata` });
    expect(redirected.body.error.code).toBe('url_not_allowed');
    // The only request that reached any server was the allowed first hop.
    expect(served).toEqual(['/to-metadata']);
  });

  it('answers every bad input with a 4xx and a stable code', async () => {
    const cases: [string, Promise<Awaited<ReturnType<Stack['call']>>>, number, string][] = [
      ['text uploaded as an image', upload(Buffer.from('just some text, not an image'), 'x.jpg'), 415, 'unsupported_media'],
      ['upload over every limit', upload(Buffer.concat([photo, Buffer.alloc(400_000)])), 413, 'media_too_large'],
      ['upload without a file part', stack.call('POST', '/v1/files', { body: new FormData() }), 400, 'invalid_request'],
      ['upload as JSON', stack.call('POST', '/v1/files', { body: { file: 'x' } }), 400, 'invalid_request'],
      ['base64 over the image limit', moderate({ base64: Buffer.alloc(250_000, 1).toString('base64') }), 413, 'media_too_large'],
      ['broken base64', moderate({ base64: '!!not base64!!' }), 422, 'invalid_base64'],
      ['a PDF as an image', moderate({ base64: Buffer.from('%PDF-1.7\n1 0 obj\n').toString('base64') }), 415, 'unsupported_media'],
      ['HTML behind an image URL', moderate({ url: `http://media.test:${mediaPort}/page.html` }), 415, 'unsupported_media'],
      ['a URL that answers 404', moderate({ url: `http://media.test:${mediaPort}/missing.jpg` }), 422, 'url_fetch_failed'],
      ['an unknown fileId', moderate({ fileId: '00000000-0000-4000-8000-000000000000' }), 422, 'file_not_found'],
      ['two sources at once', moderate({ fileId: '00000000-0000-4000-8000-000000000000', url: 'http://media.test/' }), 400, 'invalid_request'],
      ['a path instead of a source', moderate({ path: '/etc/passwd' }), 400, 'invalid_request'],
    ];
    for (const [what, pending, status, code] of cases) {
      const res = await pending;
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error.code, what).toBe(code);
    }
  });

  it('fails corrupt images and bombs with their codes, once, and keeps working', async () => {
    const corrupt = await moderate({ base64: photo.subarray(0, 400).toString('base64') });
    expect(corrupt.body).toMatchObject({ status: 'failed', error: { code: 'corrupt_media' } });
    const bomb = await moderate({ base64: pngBomb().toString('base64') });
    expect(bomb.body).toMatchObject({ status: 'failed', error: { code: 'image_too_large' } });
    const job = await stack.ctx.queues.task('image.moderate').getJob(bomb.body.id);
    expect(job?.attemptsMade).toBe(1);
    expect((await moderate({ base64: photo.toString('base64') })).body.status).toBe('succeeded');
  });

  it('deletes the media stored for a job with the job', async () => {
    const res = await moderate({ base64: photo.toString('base64') });
    const record = await stack.ctx.jobs.get(res.body.id);
    expect(record?.media).toHaveLength(1);
    const file = path.join(blobDir('acme'), record!.media![0]!);
    expect(fs.existsSync(file)).toBe(true);
    expect((await stack.call('DELETE', `/v1/jobs/${res.body.id}`)).status).toBe(204);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.json`)).toBe(false);
  });
});
