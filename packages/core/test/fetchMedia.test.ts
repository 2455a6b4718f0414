import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordingResolver } from './helpers/recordingResolver.js';
import { fetchMedia, type Resolver, type UrlPolicy } from '../src/index.js';

/**
 * A loopback server stands in for a public media host: the policy lets exactly
 * 127.0.0.1 through, every other address keeps the production rule. A spy on
 * socket connects proves refused addresses are never contacted.
 */
const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
let server: http.Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url!);
    const redirect = /^\/redirect\/(.+)$/.exec(req.url!);
    if (redirect) {
      res.writeHead(302, { location: decodeURIComponent(redirect[1]!) }).end();
    } else if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (req.url === '/big') {
      res.writeHead(200, { 'content-length': String(10_000) }).end(Buffer.alloc(10_000));
    } else if (req.url === '/chunked-big') {
      res.writeHead(200);
      for (let i = 0; i < 20; i++) res.write(Buffer.alloc(1000));
      res.end();
    } else if (req.url === '/slow') {
      res.writeHead(200);
      res.write('x');
      setTimeout(() => res.end(), 2_000).unref();
    } else if (req.url === '/missing') {
      res.writeHead(404).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(PNG_BYTES);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));


const limits = { maxBytes: 5_000, timeoutMs: 1_000, maxRedirects: 2 };

function policy(resolve: Resolver): UrlPolicy {
  return { allowPrivateNetworks: false, resolve, isAllowedAddress: (a) => a === '127.0.0.1' };
}

/** Every address a socket was asked to connect to during `fn`. */
async function connectsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const targets: string[] = [];
  const original = net.Socket.prototype.connect;
  const spy = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    // net normalises connect's arguments into an array whose first item holds the options.
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    targets.push(String((first as { host?: string } | undefined)?.host));
    this.once('lookup', (_err: unknown, address: string) => targets.push(address));
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  });
  try {
    await fn().catch(() => undefined);
  } finally {
    spy.mockRestore();
  }
  return targets;
}

describe('fetchMedia', () => {
  it('fetches from an allowed host, connecting to the address it checked', async () => {
    const { resolve, asked } = recordingResolver({ 'media.test': ['127.0.0.1'] });
    const port = new URL(base).port;
    const out = await fetchMedia(`http://media.test:${port}/cat.png`, policy(resolve), limits);
    expect(out.bytes.equals(PNG_BYTES)).toBe(true);
    // Resolved once, not again by the socket.
    expect(asked).toEqual(['media.test']);
  });

  it.each([
    ['metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['private address', 'http://10.0.0.8/x.png'],
    ['IPv6 unique-local', 'http://[fd00::1]/x.png'],
    ['name resolving to a private address', 'http://intranet.test/x.png'],
    ['file scheme', 'file:///etc/passwd'],
  ])('refuses a %s before any connection', async (_what, url) => {
    const { resolve } = recordingResolver({ 'intranet.test': ['192.168.0.10'] });
    let error: unknown;
    const targets = await connectsDuring(() => fetchMedia(url, policy(resolve), limits).catch((e) => (error = e)));
    expect(error).toMatchObject({ code: 'url_not_allowed' });
    expect(targets).toEqual([]);
  });

  it('re-checks every redirect and refuses one into the metadata service without contacting it', async () => {
    const { resolve, asked } = recordingResolver({ 'inside.test': ['10.1.2.3'] });
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://inside.test/secret']) {
      let error: unknown;
      const targets = await connectsDuring(() =>
        fetchMedia(`${base}/redirect/${encodeURIComponent(target)}`, policy(resolve), limits).catch((e) => (error = e)),
      );
      expect(error).toMatchObject({ code: 'url_not_allowed' });
      // Only the loopback stand-in for a public host was ever contacted.
      expect(targets.length).toBeGreaterThan(0);
      expect(targets).toEqual(['127.0.0.1']);
    }
    expect(asked).toEqual(['inside.test']);
  });

  it('caps redirects, size and time', async () => {
    const { resolve } = recordingResolver({});
    await expect(fetchMedia(`${base}/loop`, policy(resolve), limits)).rejects.toMatchObject({ code: 'url_fetch_failed' });
    await expect(fetchMedia(`${base}/big`, policy(resolve), limits)).rejects.toMatchObject({ code: 'media_too_large' });
    await expect(fetchMedia(`${base}/chunked-big`, policy(resolve), limits)).rejects.toMatchObject({ code: 'media_too_large' });
    await expect(fetchMedia(`${base}/slow`, policy(resolve), { ...limits, timeoutMs: 300 })).rejects.toMatchObject({ code: 'url_fetch_failed' });
    await expect(fetchMedia(`${base}/missing`, policy(resolve), limits)).rejects.toMatchObject({
      code: 'url_fetch_failed',
      details: { status: 404 },
    });
  });
});
