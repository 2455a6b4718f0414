import http from 'node:http';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingResolver } from './helpers/recordingResolver.js';
import { checkUrl, createSafeLookup, fetchMedia, isPublicAddress, UrlNotAllowedError, type Resolver } from '../src/index.js';

/**
 * Every spelling of a private address the service must refuse, tried three ways:
 * as the URL's literal host, as a DNS answer for a media URL (fetchMedia), and as
 * a DNS answer in the lookup that webhook deliveries connect through. No test here
 * can open a connection: socket connects are recorded and refused, and the lookup
 * under test is wrapped so an address it would hand out is recorded, not used.
 */
interface Form {
  form: string;
  address: string;
  /** What the address reaches. */
  means: string;
  /** The literal URL, when it is not simply the address in brackets or as a host. */
  url?: string;
}

const REFUSED: Form[] = [
  { form: 'IPv4-compatible', address: '::7f00:1', means: '127.0.0.1' },
  { form: 'IPv4-compatible', address: '::a00:1', means: '10.0.0.1' },
  { form: 'IPv4-compatible', address: '::a9fe:a9fe', means: '169.254.169.254' },
  { form: 'IPv4-compatible, dotted', address: '::192.168.1.1', means: '192.168.1.1' },
  { form: 'IPv4-compatible, uncompressed', address: '0:0:0:0:0:0:ac10:1', means: '172.16.0.1' },
  { form: 'IPv4-mapped', address: '::ffff:127.0.0.1', means: '127.0.0.1' },
  { form: 'IPv4-mapped, hex', address: '::ffff:a9fe:a9fe', means: '169.254.169.254' },
  { form: 'IPv4-mapped, uncompressed', address: '0:0:0:0:0:ffff:a00:1', means: '10.0.0.1' },
  { form: 'IPv4-translated', address: '::ffff:0:7f00:1', means: '127.0.0.1' },
  { form: 'IPv4-translated, dotted', address: '::ffff:0:10.0.0.1', means: '10.0.0.1' },
  { form: 'NAT64 well-known prefix', address: '64:ff9b::7f00:1', means: '127.0.0.1' },
  { form: 'NAT64 well-known prefix, dotted', address: '64:ff9b::169.254.169.254', means: '169.254.169.254' },
  { form: 'NAT64 well-known prefix', address: '64:ff9b::6440:0001', means: '100.64.0.1 (carrier-grade NAT)' },
  { form: 'NAT64 local-use, /96 translator', address: '64:ff9b:1::a00:1', means: '10.0.0.1' },
  { form: 'NAT64 local-use, /64 translator', address: '64:ff9b:1:0:7f:0:100:0', means: '127.0.0.1' },
  { form: 'NAT64 local-use, /48 translator', address: '64:ff9b:1:a9fe:a9:fe00::', means: '169.254.169.254' },
  { form: '6to4', address: '2002:7f00:1::1', means: '127.0.0.1' },
  { form: '6to4', address: '2002:a9fe:a9fe::', means: '169.254.169.254' },
  { form: '6to4', address: '2002:c0a8:101:1::1', means: '192.168.1.1' },
  { form: 'Teredo, private client', address: '2001:0:4136:e378:8000:63bf:f5ff:fffe', means: 'client 10.0.0.1' },
  { form: 'Teredo, loopback client', address: '2001:0:4136:e378:8000:63bf:80ff:fffe', means: 'client 127.0.0.1' },
  { form: 'Teredo, metadata server', address: '2001:0:a9fe:a9fe:8000:63bf:f7f7:f7f7', means: 'server 169.254.169.254' },
  { form: 'ISATAP', address: '2606:4700::5efe:7f00:1', means: '127.0.0.1' },
  { form: 'ISATAP, global flag', address: '2606:4700::200:5efe:a9fe:a9fe', means: '169.254.169.254' },
  { form: 'link-local with a zone id', address: 'fe80::1%eth0', means: 'a neighbour on eth0', url: 'http://[fe80::1%25eth0]/x' },
  { form: 'global with a zone id', address: '2606:4700:4700::1111%eth0', means: 'a scoped address', url: 'http://[2606:4700:4700::1111%25eth0]/x' },
  { form: 'loopback', address: '::1', means: 'this host' },
  { form: 'unspecified', address: '::', means: 'this host' },
  { form: 'unique local', address: 'fd00:ec2::254', means: 'the AWS IPv6 metadata endpoint' },
  { form: 'outside 2000::/3', address: '4000::1', means: 'unallocated space' },
  { form: 'IPv4 decimal', address: '2130706433', means: '127.0.0.1' },
  { form: 'IPv4 hex, short', address: '0x7f.1', means: '127.0.0.1' },
  { form: 'IPv4 hex', address: '0xa9fea9fe', means: '169.254.169.254' },
  { form: 'IPv4 octal', address: '017700000001', means: '127.0.0.1' },
  { form: 'IPv4 octal, dotted', address: '0177.0.0.1', means: '127.0.0.1' },
  { form: 'IPv4 short', address: '10.1', means: '10.0.0.1' },
  { form: 'IPv4 with trailing dot', address: '127.0.0.1.', means: '127.0.0.1' },
  { form: 'IPv4 percent-encoded', address: '%31%32%37.0.0.1', means: '127.0.0.1' },
];

/** Forms that embed a public address stay usable, so the rule is not "refuse everything IPv6". */
const ACCEPTED: Form[] = [
  { form: 'IPv4', address: '8.8.8.8', means: '8.8.8.8' },
  { form: 'global IPv6', address: '2606:4700:4700::1111', means: 'itself' },
  { form: 'IPv4-mapped', address: '::ffff:8.8.8.8', means: '8.8.8.8' },
  { form: 'IPv4-compatible', address: '::808:808', means: '8.8.8.8' },
  { form: 'NAT64 well-known prefix', address: '64:ff9b::808:808', means: '8.8.8.8' },
  { form: 'NAT64 local-use, /96 translator', address: '64:ff9b:1::808:808', means: '8.8.8.8' },
  { form: '6to4', address: '2002:808:808::1', means: '8.8.8.8' },
  { form: 'Teredo', address: '2001:0:4136:e378:8000:63bf:f7f7:f7f7', means: 'server 65.54.227.120, client 8.8.8.8' },
];

const urlOf = (f: Form) => f.url ?? (f.address.includes(':') ? `http://[${f.address}]/x` : `http://${f.address}/x`);
const withForm = (forms: Form[]) => forms.map((f) => ({ ...f, label: `${f.form} ${f.address} (${f.means})` }));

const policy = (resolve: Resolver) => ({ allowPrivateNetworks: false, resolve });
const limits = { maxBytes: 1_000, timeoutMs: 2_000, maxRedirects: 0 };

/** Every address a socket tried to connect to; the connect itself is refused. */
let connects: string[] = [];
beforeEach(() => {
  connects = [];
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    // net normalises connect's arguments into an array whose first item holds the options.
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    connects.push(String((first as { host?: string } | undefined)?.host));
    process.nextTick(() => this.destroy(new Error('test: connections are refused')));
    return this;
  });
});
afterEach(() => vi.restoreAllMocks());

/** A name that answers with `address`, through a resolver that records each question. */
function answering(address: string) {
  return recordingResolver({ 'media.example': [address] });
}

describe.each(withForm(REFUSED))('refuses $label', (form) => {
  const { address } = form;
  it('as an address', () => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it('as the URL host, before resolving or connecting', async () => {
    const { resolve, asked } = recordingResolver({});
    await expect(fetchMedia(urlOf(form), policy(resolve), limits)).rejects.toBeInstanceOf(UrlNotAllowedError);
    expect(asked).toEqual([]);
    expect(connects).toEqual([]);
  });

  it('as a DNS answer for a media URL, before connecting', async () => {
    const { resolve, asked } = answering(address);
    await expect(fetchMedia('http://media.example/x', policy(resolve), limits)).rejects.toMatchObject({ code: 'url_not_allowed' });
    expect(asked).toEqual(['media.example']);
    expect(connects).toEqual([]);
  });

  it('as a DNS answer in the lookup webhook deliveries connect through', async () => {
    // The socket must reach its lookup here, so connects go through; the guard below hands it nothing to connect to.
    vi.restoreAllMocks();
    const { resolve, asked } = answering(address);
    const safe = createSafeLookup(resolve);
    const handedOut: string[] = [];
    // Records what the safe lookup would let the socket connect to, and hands the socket nothing.
    const guarded = (host: string, options: object, cb: (err: Error | null, address: string, family?: number) => void) =>
      safe(host, options, (err, out) => {
        if (!err) handedOut.push(JSON.stringify(out));
        cb(err ?? new Error('test: refused to hand out an address'), '');
      });
    const error = await new Promise<Error>((done) => {
      const req = http.request('http://media.example/hook', { method: 'POST', lookup: guarded as never, agent: false });
      req.on('error', done);
      req.end();
    });
    expect(asked).toEqual(['media.example']);
    expect(handedOut).toEqual([]);
    expect(error).toBeInstanceOf(UrlNotAllowedError);
  });
});

describe.each(withForm(ACCEPTED))('accepts $label', (form) => {
  it('as an address, a URL host and a DNS answer', async () => {
    expect(isPublicAddress(form.address)).toBe(true);
    const { resolve } = answering(form.address);
    await expect(checkUrl('http://media.example/x', policy(resolve))).resolves.toBeInstanceOf(URL);
    await expect(checkUrl(urlOf(form), policy(resolve))).resolves.toBeInstanceOf(URL);
    expect(connects).toEqual([]);
  });
});

describe('createSafeLookup', () => {
  it('answers a family the name has no address in with an error, not a throw', async () => {
    const { resolve } = recordingResolver({ 'v6only.example': ['2606:4700:4700::1111'] });
    const err = await new Promise<NodeJS.ErrnoException | null>((done) => createSafeLookup(resolve)('v6only.example', { family: 4 }, done));
    expect(err).toMatchObject({ code: 'ENOTFOUND' });
  });
});

// Keeps the table honest: each numeric IPv4 spelling really is read as the address it claims.
describe('the table', () => {
  it('spells each IPv4 literal so that URL parsing reads it as the address it means', () => {
    for (const f of REFUSED.filter((r) => r.form.startsWith('IPv4 '))) {
      expect(new URL(urlOf(f)).hostname, f.form).toBe(f.means);
    }
  });
});
