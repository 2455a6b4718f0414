import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedBody, MP4_HEAD, streamUpload } from './helpers/generatedUpload.js';
import { rawExchange } from './helpers/rawHttp.js';
import { KEYS, startStack, type Stack } from './helpers/stack.js';

const MB = 1024 * 1024;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('uploads stream to the blob store, their type judged from the first bytes', () => {
  let stack: Stack;
  let port: number;

  beforeAll(async () => {
    stack = await startStack({ worker: false, env: { MEDIA_MAX_VIDEO_BYTES: String(40 * MB) } });
    port = Number(new URL(stack.baseUrl).port);
  });
  afterAll(() => stack?.close());

  it('refuses a wrong type (415) before the body is fully sent', async () => {
    const boundary = 'b0undary';
    const open = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\n\r\n`;
    const declared = 400 * MB;
    const head = [
      'POST /v1/files HTTP/1.1',
      'Host: x',
      `Authorization: Bearer ${KEYS.acme}`,
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      `Content-Length: ${open.length + declared}`,
      '',
      open,
    ].join('\r\n');
    // 2 MiB of a PDF out of the 400 MiB announced; the rest is never sent.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n'), Buffer.alloc(2 * MB - 26, 0x20)]);
    const res = await rawExchange(port, [head, pdf], { timeoutMs: 10_000 });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('unsupported_media');
    expect(res.json.error.message).toMatch(/application\/pdf/);
  });

  it('stores a streamed upload intact: the sha256 of GET /v1/files/:id is that of the bytes sent', async () => {
    const total = 24 * MB;
    const up = await streamUpload(stack.baseUrl, KEYS.acme, generatedBody(MP4_HEAD, total), total);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ size: total, contentType: 'video/mp4', sha256: up.sha256 });
    const back = await fetch(`${stack.baseUrl}/v1/files/${up.body.id}`, { headers: { authorization: `Bearer ${KEYS.acme}` } });
    expect(back.status).toBe(200);
    const hash = createHash('sha256');
    for await (const chunk of back.body!) hash.update(chunk);
    expect(hash.digest('hex')).toBe(up.sha256);
  });

  it("refuses an upload past its kind's limit while it streams (413), leaving no partial blob", async () => {
    const before = new Set(filesUnder(stack.config.blobs.dir));
    const total = 60 * MB;
    const up = await streamUpload(stack.baseUrl, KEYS.acme, generatedBody(MP4_HEAD, total), total);
    expect(up.status).toBe(413);
    expect(up.body.error.code).toBe('media_too_large');
    expect(up.sentBeforeAnswer).toBeLessThan(total);
    await new Promise((r) => setTimeout(r, 200));
    expect(filesUnder(stack.config.blobs.dir).filter((f) => !before.has(f))).toEqual([]);
  });

  it('leaves no partial blob when the client goes away mid-upload', async () => {
    const before = new Set(filesUnder(stack.config.blobs.dir));
    const boundary = 'b0undary';
    const open = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.mp4"\r\n\r\n`;
    const head = `POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.acme}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${open.length + 30 * MB}\r\n\r\n${open}`;
    await rawExchange(port, [head, ...generatedBody(MP4_HEAD, 5 * MB)], { abort: true, gapMs: 5 });
    await new Promise((r) => setTimeout(r, 300));
    expect(filesUnder(stack.config.blobs.dir).filter((f) => !before.has(f))).toEqual([]);
    // And the API still takes uploads.
    const ok = await streamUpload(stack.baseUrl, KEYS.acme, generatedBody(MP4_HEAD, MB), MB);
    expect(ok.status).toBe(201);
  });
});
