import { spawn, type ChildProcess } from 'node:child_process';
import type { LookupAddress } from 'node:dns';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { statusForCode, type Resolver } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually, startStack, testEnv, type Stack } from './helpers/stack.js';
import { testPattern } from './helpers/videos.js';

const WORKER_MAIN = fileURLToPath(new URL('../../../apps/worker/dist/main.js', import.meta.url));
/** The stand-in for a public media host listens on a loopback address of its own; 127.0.0.1 stays refused. */
const PUBLIC_STAND_IN = '127.0.0.2';

/** Deterministic bit flips past the header, so the type still sniffs but the content is damaged. */
function flip(bytes: Buffer, seed: number, count = 24): Buffer {
  const out = Buffer.from(bytes);
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const at = 64 + (s % Math.max(1, out.length - 64));
    out[at] = out[at]! ^ (1 << (s % 8));
  }
  return out;
}

function pngHeaderClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'ascii');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 2, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), ihdr, Buffer.alloc(64)]);
}

describe('bad input fuzzing: a generated corpus against the API and a real worker process', () => {
  let stack: Stack;
  let worker: ChildProcess;
  let media: http.Server;
  let mediaBase = '';
  const resolved: string[] = [];
  const connections: string[] = [];

  const resolve: Resolver = async (host) => {
    resolved.push(host);
    const table: Record<string, string> = { 'media.test': PUBLIC_STAND_IN, 'intranet.test': '10.9.8.7', 'metadata.test': '169.254.169.254', 'six.test': 'fd00::5' };
    if (!table[host]) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address: table[host]!, family: table[host]!.includes(':') ? 6 : 4 } as LookupAddress];
  };

  beforeAll(async () => {
    media = http.createServer((req, res) => {
      const hop = /^\/hop\/(\d+)$/.exec(req.url!);
      if (hop) res.writeHead(302, { location: Number(hop[1]) > 0 ? `/hop/${Number(hop[1]) - 1}` : 'http://169.254.169.254/latest/meta-data/' }).end();
      else if (req.url === '/to-intranet') res.writeHead(302, { location: 'http://intranet.test/secret' }).end();
      else if (req.url === '/to-localhost') res.writeHead(301, { location: 'http://127.0.0.1:6379/' }).end();
      else res.writeHead(404).end();
    });
    media.listen(0, PUBLIC_STAND_IN);
    await once(media, 'listening');
    mediaBase = `http://media.test:${(media.address() as AddressInfo).port}`;
    stack = await startStack({ worker: false, resolve, isAllowedAddress: (a) => a === PUBLIC_STAND_IN, env: { MEDIA_MAX_IMAGE_BYTES: '2000000', IMAGE_MAX_PIXELS: '20000000' } });
    worker = spawn(process.execPath, [WORKER_MAIN], {
      env: { ...process.env, ...testEnv(stack.prefix, { WORKER_PLUGINS: 'text-moderation,image-classifier,video', LOG_LEVEL: 'silent' }) },
      stdio: 'ignore',
    });
    await new Promise((r) => setTimeout(r, 500));
  }, 60_000);
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await stack?.close();
    await new Promise((r) => media.close(r));
  });

  it('answers every bad request with a 4xx and a stable code, fails bad media with 4xx codes, fetches no refused address, and the worker survives', async () => {
    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#456' } }).jpeg().toBuffer();
    const png = await sharp({ create: { width: 200, height: 200, channels: 4, background: '#0f08' } }).png().toBuffer();
    const mp4 = testPattern(3, '160x120', 5);
    const images: [string, Buffer][] = [
      ...[0.1, 0.5, 0.9].map((f) => [`jpeg cut at ${f * 100}%`, jpeg.subarray(0, Math.floor(jpeg.length * f))] as [string, Buffer]),
      ...[1, 2, 3, 4, 5].map((seed) => [`jpeg bit-flipped #${seed}`, flip(jpeg, seed)] as [string, Buffer]),
      ...[1, 2].map((seed) => [`png bit-flipped #${seed}`, flip(png, seed)] as [string, Buffer]),
      ['png claiming 60000×60000', pngHeaderClaiming(60_000, 60_000)],
      ['png claiming 1×4000000000', pngHeaderClaiming(1, 4_000_000_000)],
      ['pdf', Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n')],
      ['html', Buffer.from('<!doctype html><script>alert(1)</script>')],
      ['zip', Buffer.from('504b030414000000080000000000', 'hex')],
      ['empty-ish', Buffer.from([0])],
      ['mp4 as an image', mp4],
    ];
    const videos: [string, Buffer][] = [
      ['mp4 cut in half', mp4.subarray(0, mp4.length >> 1)],
      ...[1, 2, 3].map((seed) => [`mp4 bit-flipped #${seed}`, flip(mp4, seed, 200)] as [string, Buffer]),
      ['jpeg as a video', jpeg],
    ];
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const requests: [string, unknown][] = [
      ...images.map(([name, bytes]) => [name, { task: 'image.moderate', input: { image: { base64: bytes.toString('base64') } } }] as [string, unknown]),
      ...videos.map(([name, bytes]) => [name, { task: 'video.moderate', input: { video: { base64: bytes.toString('base64') } } }] as [string, unknown]),
      ['text with control characters', { task: 'text.moderate', input: { text: 'a\\u0000b\\u0007c\\u001b[31m\\u202eevil' } }],
      ['text of lone surrogates', `{"task":"text.moderate","input":{"text":"\\ud800\\udc00\\ud800x\\udfff"}}`],
      ['text as an object', { task: 'text.moderate', input: { text: { $gt: '' } } }],
      ['deeply nested JSON', `{"task":"text.moderate","input":{"text":"x","deep":${deep}}}`],
      ['an array nested in input', { task: 'image.moderate', input: { image: [[[[{ base64: 'x' }]]]] } }],
      ['oversized body', `{"task":"text.moderate","input":{"text":"${'x'.repeat(3_000_000)}"}}`],
      ...[
        'http://127.0.0.1:6379/',
        'http://localhost/',
        'http://[::1]/',
        'http://10.0.0.1/a.jpg',
        'http://192.168.1.1/a.jpg',
        'http://172.16.5.4/a.jpg',
        'http://169.254.169.254/latest/meta-data/',
        'http://100.100.100.200/latest/meta-data/',
        'http://[fd00::1]/',
        'http://[::ffff:10.0.0.1]/',
        'http://2130706433/',
        'http://0x7f000001/',
        'http://intranet.test/a.jpg',
        'http://metadata.test/',
        'http://six.test/',
        'gopher://media.test/',
        'file:///etc/passwd',
        `${mediaBase}/hop/2`,
        `${mediaBase}/hop/9`,
        `${mediaBase}/to-intranet`,
        `${mediaBase}/to-localhost`,
      ].map((url) => [`url ${url}`, { task: 'image.moderate', input: { image: { url } } }] as [string, unknown]),
    ];

    // Every socket the test process (the API) opens, by destination.
    const original = net.Socket.prototype.connect;
    const spy = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
      const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
      const host = (first as { host?: string } | undefined)?.host;
      if (host) connections.push(host);
      this.once('lookup', (_e: unknown, address: string) => connections.push(address));
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    });
    const outcomes: { name: string; status: number; code?: string; jobCode?: string }[] = [];
    try {
      for (const [name, body] of requests) {
        const res = await stack.call('POST', '/v1/jobs', { body, headers: { prefer: 'wait=30' } });
        const outcome: (typeof outcomes)[number] = { name, status: res.status, code: res.body?.error?.code };
        if (res.status === 200 || res.status === 202) {
          const view = await eventually(async () => {
            const v = (await stack.call('GET', `/v1/jobs/${res.body.id}`)).body;
            return ['succeeded', 'failed', 'canceled'].includes(v.status) ? v : undefined;
          }, 30_000, `job for ${name}`);
          outcome.jobCode = view.error?.code;
        }
        outcomes.push(outcome);
      }
    } finally {
      spy.mockRestore();
    }

    const tally = new Map<string, number>();
    for (const o of outcomes) {
      const key = o.status >= 400 ? `${o.status} ${o.code}` : `job ${o.jobCode ?? 'succeeded'}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    process.stdout.write(`fuzz corpus: ${outcomes.length} requests → ${[...tally].map(([k, n]) => `${k} ×${n}`).join(', ')}\n`);
    const serverErrors = outcomes.filter((o) => o.status >= 500 || (o.jobCode && statusForCode(o.jobCode) >= 500));
    expect(serverErrors, JSON.stringify(serverErrors)).toEqual([]);
    for (const o of outcomes.filter((x) => x.status >= 400)) expect(o.code, o.name).toMatch(/^[a-z_]+$/);
    // Refused outright; a chain longer than the redirect cap stops at the cap, before it reaches the metadata address.
    for (const o of outcomes.filter((x) => x.name.startsWith('url '))) {
      expect(o.code, o.name).toBe(o.name.endsWith('/hop/9') ? 'url_fetch_failed' : 'url_not_allowed');
    }
    // Only the loopback address the API itself needs (Redis) and the public stand-in were ever contacted.
    const contacted = new Set(connections.filter((c) => c !== '127.0.0.1' && c !== 'localhost' && c !== '::1'));
    expect([...contacted].filter((c) => c !== PUBLIC_STAND_IN && c !== 'media.test')).toEqual([]);
    expect(worker.exitCode).toBeNull();
    expect(outcomes.length).toBe(requests.length);
  }, 240_000);
});
