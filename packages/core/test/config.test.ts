import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';

describe('loadConfig', () => {
  it('fills defaults from an empty environment', () => {
    const config = loadConfig({});
    expect(config.server.port).toBe(8080);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.jobs.retentionSeconds).toBe(86_400);
    expect(config.webhooks).toMatchObject({ maxAttempts: 8, timeoutMs: 15_000, allowPrivateNetworks: false });
    expect(config.worker.plugins).toBeUndefined();
  });

  it('reads TEXT_ABUSE_MODEL as builtin, off or an absolute path', () => {
    expect(loadConfig({}).text.abuseModel).toBe('builtin');
    expect(loadConfig({ TEXT_ABUSE_MODEL: 'off' }).text.abuseModel).toBe('off');
    expect(loadConfig({ TEXT_ABUSE_MODEL: 'models/mine.bin' }).text.abuseModel).toBe(path.resolve('models/mine.bin'));
  });

  it('parses lists and maps', () => {
    const config = loadConfig({
      API_KEYS: 'acme:0123456789abcdef0123, globex:fedcba9876543210fedc',
      WORKER_PLUGINS: 'text-moderation, ocr',
      WORKER_CONCURRENCY: 'text.moderate=4',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    expect(config.auth.apiKeys).toEqual([
      { tenant: 'acme', key: '0123456789abcdef0123' },
      { tenant: 'globex', key: 'fedcba9876543210fedc' },
    ]);
    expect(config.worker.plugins).toEqual(['text-moderation', 'ocr']);
    expect(config.worker.concurrency).toEqual({ 'text.moderate': 4 });
    expect(config.webhooks.allowPrivateNetworks).toBe(true);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['REDIS_URL', 'http://localhost'],
    ['API_KEYS', 'acme-without-key'],
    ['WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'maybe'],
    ['WORKER_CONCURRENCY', 'text.moderate=zero'],
    ['ADMIN_TOKEN', 'short'],
    ['HTTP_REQUEST_TIMEOUT_MS', '5000'],
    ['HTTP_HEADERS_TIMEOUT_MS', '0'],
  ])('stops on a bad %s and names it', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: `));
  });

  it('gives the HTTP server timeouts and a connection cap by default', () => {
    expect(loadConfig({}).server).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 300_000, keepAliveTimeoutMs: 5_000, maxConnectionsPerAddress: 256 });
    expect(loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '0' }).server.requestTimeoutMs).toBe(0);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '' }).server.port).toBe(8080);
  });
});
