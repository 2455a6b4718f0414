import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_REDIS_PREFIX, hasHashTag, loadConfig } from '../src/index.js';

describe('Redis settings', () => {
  it('defaults to a hash-tagged prefix and keeps an explicit one as given', () => {
    expect(loadConfig({}).redis.prefix).toBe('{crs}');
    expect(DEFAULT_REDIS_PREFIX).toBe('{crs}');
    expect(loadConfig({ REDIS_PREFIX: 'crs' }).redis.prefix).toBe('crs');
  });

  it('reads sentinels, cluster nodes, credentials and TLS', () => {
    const sentinel = loadConfig({ REDIS_SENTINELS: '10.0.0.1:26379, [::1]:26380', REDIS_SENTINEL_NAME: 'primary', REDIS_PASSWORD: 'pw', REDIS_TLS_CA: '/ca.pem' }).redis;
    expect(sentinel.sentinels).toEqual([
      { host: '10.0.0.1', port: 26379 },
      { host: '::1', port: 26380 },
    ]);
    expect(sentinel).toMatchObject({ sentinelName: 'primary', password: 'pw', tls: true, tlsCaFile: '/ca.pem', clusterNodes: null });
    expect(loadConfig({ REDIS_URL: 'rediss://user:pw@redis.example:6380' }).redis.tls).toBe(true);
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'a:7000,b:7001' }).redis.clusterNodes).toEqual([
      { host: 'a', port: 7000 },
      { host: 'b', port: 7001 },
    ]);
  });

  it('refuses a cluster prefix without a hash tag, sentinels with cluster nodes, and malformed node lists', () => {
    const fails = (env: Record<string, string>, variable: string) => {
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as Error).message).toContain(variable);
        return;
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    fails({ REDIS_CLUSTER_NODES: 'a:7000', REDIS_PREFIX: 'crs' }, 'REDIS_PREFIX');
    fails({ REDIS_CLUSTER_NODES: 'a:7000', REDIS_PREFIX: '{}crs' }, 'REDIS_PREFIX');
    fails({ REDIS_CLUSTER_NODES: 'a:7000', REDIS_SENTINELS: 'b:26379' }, 'REDIS_CLUSTER_NODES');
    fails({ REDIS_SENTINELS: 'no-port' }, 'REDIS_SENTINELS');
    fails({ REDIS_CLUSTER_NODES: 'a:99999' }, 'REDIS_CLUSTER_NODES');
    expect(hasHashTag('{crs}')).toBe(true);
    expect(hasHashTag('app-{crs}')).toBe(true);
    expect(hasHashTag('crs')).toBe(false);
  });
});
