import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, type ApiProcess } from './helpers/apiProcess.js';
import { rawExchange } from './helpers/rawHttp.js';
import { KEYS } from './helpers/stack.js';

const BOUNDARY = 'crs-test-boundary';

function uploadHead(length: number | 'chunked', boundary: string | null = BOUNDARY): string {
  return [
    'POST /v1/files HTTP/1.1',
    'Host: 127.0.0.1',
    `Authorization: Bearer ${KEYS.acme}`,
    `Content-Type: multipart/form-data${boundary ? `; boundary=${boundary}` : ''}`,
    length === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`,
    '',
    '',
  ].join('\r\n');
}

/** A file part whose closing boundary never comes. */
function unterminated(bytes: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`),
    bytes,
  ]);
}

describe('malformed multipart uploads, against the API as its own process', () => {
  let api: ApiProcess;
  let png: Buffer;

  beforeAll(async () => {
    api = await startApiProcess({ UPLOAD_IDLE_TIMEOUT_MS: '1000' });
    png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123' } }).png().toBuffer();
  }, 30_000);
  afterAll(() => api?.close());

  it('answers 400 invalid_upload when the body ends without the closing boundary (Content-Length, connection left open)', async () => {
    const body = unterminated(png);
    const res = await rawExchange(api.port, [uploadHead(body.length), body], { timeoutMs: 5_000 });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_upload');
    expect(res.json.error.message).toMatch(/closing boundary|cut short|ended/);
    expect(api.alive()).toBe(true);
  });

  it('answers 400 invalid_upload when a chunked body ends without the closing boundary', async () => {
    const body = unterminated(png);
    const res = await rawExchange(api.port, [uploadHead('chunked'), `${body.length.toString(16)}\r\n`, body, '\r\n0\r\n\r\n'], { timeoutMs: 5_000 });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_upload');
    expect(api.alive()).toBe(true);
  });

  it('survives a client that closes the connection in the middle of the file', async () => {
    const body = unterminated(png);
    for (let i = 0; i < 5; i++) {
      await rawExchange(api.port, [uploadHead(body.length + 100_000), body], { abort: true, timeoutMs: 2_000 });
    }
    // And one that half-closes after an unterminated but complete body.
    await rawExchange(api.port, [uploadHead(body.length), body], { end: true, timeoutMs: 2_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(api.alive()).toBe(true);
  });

  it('answers 400 invalid_upload once a client that left its upload unfinished sends nothing for UPLOAD_IDLE_TIMEOUT_MS, and closes the connection', async () => {
    const body = unterminated(png);
    const res = await rawExchange(api.port, [uploadHead(body.length + 100_000), body], { timeoutMs: 8_000, untilClose: true });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_upload');
    expect(res.json.error.message).toMatch(/no bytes/);
    expect(res.closed).toBe(true);
    expect(api.alive()).toBe(true);
  });

  it('answers 400 invalid_upload to garbage, a missing boundary and parts cut inside their headers', async () => {
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
    const cutHeaders = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="fi`);
    const cases: [string, string, Buffer][] = [
      ['garbage', uploadHead(garbage.length), garbage],
      ['garbage after a boundary', uploadHead(garbage.length + BOUNDARY.length + 4), Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n`), garbage])],
      ['no boundary parameter', uploadHead(png.length, null), png],
      ['cut inside the part headers', uploadHead(cutHeaders.length), cutHeaders],
    ];
    for (const [name, head, body] of cases) {
      const res = await rawExchange(api.port, [head, body], { timeoutMs: 5_000 });
      expect(res.status, `${name}: ${res.body}`).toBe(400);
      expect(res.json?.error?.code, name).toBe('invalid_upload');
      expect(res.json.error.message, name).not.toMatch(/\/(?:tmp|home|work|usr)\//);
    }
    expect(api.alive()).toBe(true);
  });

  it('keeps serving: a well-formed upload afterwards is stored and reads back', async () => {
    const form = new FormData();
    form.append('file', new Blob([png]), 'x.png');
    const res = await fetch(`${api.baseUrl}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.acme}` }, body: form });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const back = await fetch(`${api.baseUrl}/v1/files/${id}`, { headers: { authorization: `Bearer ${KEYS.acme}` } });
    expect(Buffer.from(await back.arrayBuffer()).equals(png)).toBe(true);
    expect(api.alive()).toBe(true);
  });
});
