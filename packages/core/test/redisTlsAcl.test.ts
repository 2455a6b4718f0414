import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, loadConfig, waitForRedis } from '../src/index.js';

/** A private Redis that speaks only TLS (certificate from a CA made here) and only to the ACL user `crs`. */
describe('Redis over TLS with an ACL user', () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;
  const openssl = (...args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-tls-'));
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=crs-test-ca');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf');
    port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    server = spawn(
      'redis-server',
      ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--tls-cert-file', path.join(dir, 'server.pem'), '--tls-key-file', path.join(dir, 'server.key'), '--tls-ca-cert-file', path.join(dir, 'ca.pem'), '--tls-auth-clients', 'no',
        '--user', 'default', 'off', '--user', 'crs', 'on', '>s3cret-password', '~{crs}:*', '&*', '+@all'],
      { stdio: 'ignore' },
    );
    await new Promise((r) => setTimeout(r, 500));
  }, 30_000);

  afterAll(() => {
    server?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('connects with rediss://, the CA in REDIS_TLS_CA and the ACL user in the URL, and works within the user\'s keys only', async () => {
    const config = loadConfig({ REDIS_URL: `rediss://crs:s3cret-password@127.0.0.1:${port}`, REDIS_TLS_CA: path.join(dir, 'ca.pem') });
    const redis = createRedis(config.redis, { failFast: true });
    await waitForRedis(redis, 10_000);
    expect(await redis.acl('WHOAMI')).toBe('crs');
    await redis.set('{crs}:probe', 'ok');
    expect(await redis.get('{crs}:probe')).toBe('ok');
    await expect(redis.set('elsewhere', 'x')).rejects.toThrow(/NOPERM/);
    redis.disconnect();
  });

  it('takes REDIS_USERNAME and REDIS_PASSWORD over the URL\'s', async () => {
    const config = loadConfig({
      REDIS_URL: `rediss://someone:wrong@127.0.0.1:${port}`,
      REDIS_USERNAME: 'crs',
      REDIS_PASSWORD: 's3cret-password',
      REDIS_TLS_CA: path.join(dir, 'ca.pem'),
    });
    const redis = createRedis(config.redis, { failFast: true });
    await waitForRedis(redis, 10_000);
    expect(await redis.acl('WHOAMI')).toBe('crs');
    redis.disconnect();
  });

  it('refuses a server whose certificate the configured CAs do not vouch for', async () => {
    const config = loadConfig({ REDIS_URL: `rediss://crs:s3cret-password@127.0.0.1:${port}` });
    const redis = createRedis(config.redis, { failFast: true });
    const errors: string[] = [];
    redis.on('error', (err: Error) => errors.push(err.message));
    await expect(waitForRedis(redis, 2_000)).rejects.toThrow(/did not become ready/);
    expect(errors.join(' ')).toMatch(/certificate/i);
    redis.disconnect();
  });
});
