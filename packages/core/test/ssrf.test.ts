import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { recordingResolver } from './helpers/recordingResolver.js';
import { checkUrl, createSafeLookup, isPublicAddress, UrlNotAllowedError, type Resolver } from '../src/index.js';


describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.100.100.200',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00:ec2::254',
    '::ffff:10.0.0.1',
    '224.0.0.1',
    'not-an-ip',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111'])('accepts %s', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );
});

describe('checkUrl', () => {
  const policy = (resolve: Resolver) => ({ allowPrivateNetworks: false, resolve });

  it('refuses literal metadata and private addresses without resolving anything', async () => {
    const { resolve, asked } = recordingResolver({});
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://10.0.0.5/hook', 'http://[::1]:8080/', 'http://[fd00:ec2::254]/']) {
      await expect(checkUrl(url, policy(resolve))).rejects.toBeInstanceOf(UrlNotAllowedError);
    }
    expect(asked).toEqual([]);
  });

  it('refuses names that resolve to private addresses, even when one of several is public', async () => {
    const { resolve, asked } = recordingResolver({
      'metadata.example': ['169.254.169.254'],
      'mixed.example': ['93.184.216.34', '10.0.0.1'],
    });
    await expect(checkUrl('https://metadata.example/x', policy(resolve))).rejects.toMatchObject({ code: 'url_not_allowed' });
    await expect(checkUrl('https://mixed.example/x', policy(resolve))).rejects.toMatchObject({ code: 'url_not_allowed' });
    expect(asked).toEqual(['metadata.example', 'mixed.example']);
  });

  it('refuses other schemes and credentials, and accepts public hosts', async () => {
    const { resolve } = recordingResolver({ 'hooks.example': ['93.184.216.34'] });
    await expect(checkUrl('ftp://hooks.example/', policy(resolve))).rejects.toBeInstanceOf(UrlNotAllowedError);
    await expect(checkUrl('https://user:pw@hooks.example/', policy(resolve))).rejects.toBeInstanceOf(UrlNotAllowedError);
    await expect(checkUrl('not a url', policy(resolve))).rejects.toBeInstanceOf(UrlNotAllowedError);
    await expect(checkUrl('https://hooks.example/x', policy(resolve))).resolves.toBeInstanceOf(URL);
  });

  it('lets private addresses through only when allowed', async () => {
    await expect(checkUrl('http://127.0.0.1:9/', { allowPrivateNetworks: true })).resolves.toBeInstanceOf(URL);
  });
});

describe('createSafeLookup', () => {
  it('fails the request in the lookup step, before any socket connects', async () => {
    const { resolve, asked } = recordingResolver({ 'internal.example': ['10.20.30.40'] });
    const lookup = createSafeLookup(resolve);
    let connected = false;
    const error = await new Promise<Error>((resolveErr) => {
      const req = http.request('http://internal.example/hook', { method: 'POST', lookup: lookup as never });
      req.on('socket', (socket) => socket.on('connect', () => (connected = true)));
      req.on('error', resolveErr);
      req.end();
    });
    expect(asked).toEqual(['internal.example']);
    expect(error).toBeInstanceOf(UrlNotAllowedError);
    expect(connected).toBe(false);
  });
});
